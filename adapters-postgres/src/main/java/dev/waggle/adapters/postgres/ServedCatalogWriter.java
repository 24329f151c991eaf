package dev.waggle.adapters.postgres;

import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.Precedence;
import dev.waggle.domain.catalog.Precedence.Candidate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * Persistence adapter helper: brings the stored served catalog of some registries in line with
 * their entries — precedence ranked by the domain rule, written as a difference in set-based
 * statements — and moves the generation of every registry whose served catalog changed, with a
 * {@code NOTIFY} that PostgreSQL delivers to every replica when the transaction commits.
 */
final class ServedCatalogWriter {
  /**
   * How many names one write must move, and more than half of its registry, before the write says
   * "everything" instead of naming them.
   */
  static final int WHOLE_AT = 1_000;

  /** The channel generation news travels on; its payload is the registry's name. */
  static final String CHANNEL = "waggle_catalog";

  /** The payload that asks every replica to check everything: no registry is named so. */
  static final String EVERYTHING = "";

  private ServedCatalogWriter() {}

  /** The registries that serve a source. */
  static List<Long> registriesOf(Handle handle, long sourceId) {
    return handle
        .createQuery("SELECT DISTINCT registry_id FROM registry_source WHERE source_id = :source")
        .bind("source", sourceId)
        .mapTo(Long.class)
        .list();
  }

  /**
   * Re-ranks every name of {@code registries}, writes what changed, and moves the generation of
   * each registry whose ranking changed or that is listed in {@code changedAnyway} (its contents
   * changed although the ranking did not), without naming what changed in those: their replicas
   * reload them whole.
   *
   * @return the names of the registries whose generation moved, for this replica's own news
   */
  static Set<String> update(
      Handle handle, Collection<Long> registries, Collection<Long> changedAnyway) {
    return update(handle, registries, changedAnyway, null);
  }

  /**
   * Like {@link #update(Handle, Collection, Collection)}, where {@code touched} names every server
   * name whose rows changed in the registries of {@code changedAnyway}, so that replicas re-read
   * only those and the names whose ranking moved; null when the writer cannot tell.
   */
  static Set<String> update(
      Handle handle,
      Collection<Long> registries,
      Collection<Long> changedAnyway,
      Set<String> touched) {
    return moved(handle, registries, changedAnyway, touched).registries();
  }

  /**
   * Like {@link #update(Handle, Collection, Collection, Set)}, telling also the generation each
   * moved registry now has.
   */
  static Moved moved(
      Handle handle,
      Collection<Long> registries,
      Collection<Long> changedAnyway,
      Set<String> touched) {
    if (registries.isEmpty() && changedAnyway.isEmpty()) {
      return Moved.NOTHING;
    }
    List<Long> ids = List.copyOf(new LinkedHashSet<>(registries));
    // One writer per registry at a time, locked before anything is read: two sources of one
    // registry written at once would otherwise each rank the names without the other's rows.
    // Read committed gives each later statement a snapshot taken after the lock was granted.
    Set<Long> locked = new TreeSet<>(ids);
    locked.addAll(changedAnyway);
    handle
        .createQuery(
            "SELECT registry_id FROM registry_generation WHERE registry_id = ANY(:ids)"
                + " ORDER BY registry_id FOR UPDATE")
        .bindArray("ids", Long.class, List.copyOf(locked))
        .mapTo(Long.class)
        .list();
    Map<Slot, Long> wanted = wanted(handle, ids);
    Map<Slot, Long> stored = new HashMap<>();
    handle
        .createQuery(
            "SELECT registry_id, name, rank, entry_id FROM served_entry"
                + " WHERE registry_id = ANY(:ids)")
        .bindArray("ids", Long.class, ids)
        .map(
            (rs, ctx) ->
                Map.entry(
                    new Slot(rs.getLong("registry_id"), rs.getString("name"), rs.getInt("rank")),
                    rs.getLong("entry_id")))
        .forEach(e -> stored.put(e.getKey(), e.getValue()));

    Map<Long, Set<String>> moved = new HashMap<>();
    changedAnyway.forEach(
        registry -> moved.put(registry, touched == null ? null : new HashSet<>(touched)));
    Slots removed = new Slots();
    stored.forEach(
        (slot, entry) -> {
          if (!entry.equals(wanted.get(slot))) {
            removed.add(slot, entry);
            touch(moved, slot);
          }
        });
    Slots added = new Slots();
    wanted.forEach(
        (slot, entry) -> {
          if (!entry.equals(stored.get(slot))) {
            added.add(slot, entry);
            touch(moved, slot);
          }
        });
    if (!removed.isEmpty()) {
      handle
          .createUpdate(
              """
              DELETE FROM served_entry s
              USING unnest(:registries, :names, :ranks) AS d(registry_id, name, rank)
              WHERE s.registry_id = d.registry_id AND s.name = d.name AND s.rank = d.rank
              """)
          .bindArray("registries", Long.class, removed.registries)
          .bindArray("names", String.class, removed.names)
          .bindArray("ranks", Integer.class, removed.ranks)
          .execute();
    }
    if (!added.isEmpty()) {
      handle
          .createUpdate(
              """
              INSERT INTO served_entry (registry_id, name, rank, entry_id)
              SELECT * FROM unnest(:registries, :names, :ranks, :entries)
              """)
          .bindArray("registries", Long.class, added.registries)
          .bindArray("names", String.class, added.names)
          .bindArray("ranks", Integer.class, added.ranks)
          .bindArray("entries", Long.class, added.entries)
          .execute();
    }
    // When most names of a big registry moved, recording each costs the write more than it saves
    // the readers: every replica would re-read most of the registry anyway, so it reloads whole.
    // Each served name holds rank 0 in its registry.
    Map<Long, Integer> served = new HashMap<>();
    stored.keySet().stream()
        .filter(slot -> slot.rank() == 0)
        .forEach(slot -> served.merge(slot.registry(), 1, Integer::sum));
    moved.replaceAll(
        (registry, names) ->
            names != null
                    && names.size() >= WHOLE_AT
                    && names.size() * 2 > served.getOrDefault(registry, 0)
                ? null
                : names);
    return moveGenerations(handle, moved);
  }

  /** Records that {@code slot}'s name changed in its registry, unless the whole registry did. */
  private static void touch(Map<Long, Set<String>> moved, Slot slot) {
    if (!moved.containsKey(slot.registry())) {
      moved.put(slot.registry(), new HashSet<>());
    }
    Set<String> names = moved.get(slot.registry());
    if (names != null) {
      names.add(slot.name());
    }
  }

  /**
   * Moves the generations of these registries, saying that anything in them may have changed, and
   * announces each on {@link #CHANNEL}.
   */
  static Set<String> moveGenerations(Handle handle, Collection<Long> registries) {
    Map<Long, Set<String>> whole = new HashMap<>();
    registries.forEach(registry -> whole.put(registry, null));
    return moveGenerations(handle, whole).registries();
  }

  /**
   * The registries one write moved: their names, for this replica's own news, and the generation it
   * set in each, by registry id.
   */
  record Moved(Set<String> registries, Map<Long, Long> generations) {
    static final Moved NOTHING = new Moved(Set.of(), Map.of());

    Moved {
      registries = Set.copyOf(registries);
      generations = Map.copyOf(generations);
    }
  }

  /**
   * Moves the generation of each registry of {@code touched}, recording which names changed (a null
   * set: any may have), and announces each on {@link #CHANNEL}.
   */
  private static Moved moveGenerations(Handle handle, Map<Long, Set<String>> touched) {
    if (touched.isEmpty()) {
      return Moved.NOTHING;
    }
    List<Long> ids = new ArrayList<>();
    List<Boolean> whole = new ArrayList<>();
    touched.forEach(
        (registry, names) -> {
          ids.add(registry);
          whole.add(names == null);
        });
    Map<Long, Long> generations = new HashMap<>();
    List<String> registryNames = new ArrayList<>();
    handle
        .createQuery(
            """
            UPDATE registry_generation g SET
              generation = i.next,
              whole_since = CASE WHEN i.whole THEN i.next ELSE g.whole_since END
            FROM registry r,
              (SELECT id, whole, nextval('catalog_generation') AS next
               FROM unnest(:ids, :whole) AS u(id, whole)) AS i
            WHERE r.id = g.registry_id AND g.registry_id = i.id
            RETURNING g.registry_id, g.generation, r.name
            """)
        .bindArray("ids", Long.class, ids)
        .bindArray("whole", Boolean.class, whole)
        .map(
            (rs, ctx) -> {
              generations.put(rs.getLong("registry_id"), rs.getLong("generation"));
              return rs.getString("name");
            })
        .forEach(registryNames::add);
    Slots changes = new Slots();
    touched.forEach(
        (registry, names) -> {
          Long generation = generations.get(registry);
          if (names != null && generation != null) {
            names.forEach(name -> changes.add(new Slot(registry, name, 0), generation));
          }
        });
    if (!changes.isEmpty()) {
      // entries holds each name's new generation here.
      handle
          .createUpdate(
              """
              INSERT INTO served_name_change AS c (registry_id, name, generation)
              SELECT * FROM unnest(:registries, :names, :generations)
              ON CONFLICT (registry_id, name) DO UPDATE SET
                generation = EXCLUDED.generation,
                changed_at = EXCLUDED.changed_at
              """)
          .bindArray("registries", Long.class, changes.registries)
          .bindArray("names", String.class, changes.names)
          .bindArray("generations", Long.class, changes.entries)
          .execute();
    }
    List<Long> wholeIds = new ArrayList<>();
    touched.forEach(
        (registry, names) -> {
          if (names == null) {
            wholeIds.add(registry);
          }
        });
    if (!wholeIds.isEmpty()) {
      // A snapshot older than whole_since loads whole: the names recorded before it name nothing
      // any replica still asks about.
      handle
          .createUpdate("DELETE FROM served_name_change WHERE registry_id = ANY(:ids)")
          .bindArray("ids", Long.class, wholeIds)
          .execute();
    }
    notify(handle, registryNames);
    return new Moved(Set.copyOf(registryNames), generations);
  }

  /**
   * Forgets the name changes of these registries recorded longer than {@code retention} ago, so
   * that the table holds about one row per name changed within the retention rather than one per
   * name ever served; moves whole_since up to the newest change forgotten, so that a replica whose
   * snapshot is older than that loads its registry whole instead of missing a change.
   */
  static void purgeNameChanges(Handle handle, Collection<Long> registries, Duration retention) {
    if (registries.isEmpty()) {
      return;
    }
    handle
        .createUpdate(
            """
            WITH purged AS (
              DELETE FROM served_name_change c
              WHERE c.registry_id = ANY(:ids)
                AND c.changed_at < now() - CAST(:retention AS interval)
              RETURNING c.registry_id, c.generation)
            UPDATE registry_generation g SET whole_since = p.generation
            FROM (SELECT registry_id, max(generation) AS generation FROM purged
                  GROUP BY registry_id) AS p
            WHERE g.registry_id = p.registry_id AND p.generation > g.whole_since
            """)
        .bindArray("ids", Long.class, List.copyOf(registries))
        .bind("retention", retention.toString())
        .execute();
  }

  /** Announces registries on {@link #CHANNEL}; PostgreSQL sends the news at commit, if any. */
  static void notify(Handle handle, Collection<String> registries) {
    if (registries.isEmpty()) {
      return;
    }
    handle
        .createQuery("SELECT count(pg_notify(:channel, name)) FROM unnest(:names) AS name")
        .bind("channel", CHANNEL)
        .bindArray("names", String.class, List.copyOf(registries))
        .mapTo(Long.class)
        .one();
  }

  /** Asks every replica, at commit, to check every registry and what each source serves. */
  static void notifyAll(Handle handle) {
    handle
        .createQuery("SELECT count(pg_notify(:channel, :payload))")
        .bind("channel", CHANNEL)
        .bind("payload", EVERYTHING)
        .mapTo(Long.class)
        .one();
  }

  /** Which entry each (registry, name, rank) should hold, by {@link Precedence}. */
  private static Map<Slot, Long> wanted(Handle handle, List<Long> registries) {
    Map<String, Claims> claimsByText = new HashMap<>();
    Map<NameInRegistry, List<Candidate<Long>>> byName = new HashMap<>();
    handle
        .createQuery(
            """
            SELECT rs.registry_id, rs.position, e.id, e.name, e.live, e.claims::text AS claims
            FROM registry_source rs JOIN server_entry e ON e.source_id = rs.source_id
            WHERE rs.registry_id = ANY(:ids)
            """)
        .bindArray("ids", Long.class, registries)
        .map(
            (rs, ctx) -> {
              Claims claims =
                  claimsByText.computeIfAbsent(rs.getString("claims"), JsonColumns::claims);
              return Map.entry(
                  new NameInRegistry(rs.getLong("registry_id"), rs.getString("name")),
                  new Candidate<>(
                      rs.getLong("id"), rs.getInt("position"), rs.getBoolean("live"), claims));
            })
        .forEach(e -> byName.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    Map<Slot, Long> wanted = new HashMap<>();
    byName.forEach(
        (name, candidates) -> {
          List<Candidate<Long>> ranked = Precedence.rank(candidates);
          for (int rank = 0; rank < ranked.size(); rank++) {
            wanted.put(new Slot(name.registry(), name.name(), rank), ranked.get(rank).key());
          }
        });
    return wanted;
  }

  private record NameInRegistry(long registry, String name) {
    NameInRegistry {
      Objects.requireNonNull(name, "'name' must not be null");
    }
  }

  private record Slot(long registry, String name, int rank) {}

  /** Served-entry rows column by column, as unnest() takes them. */
  private static final class Slots {
    final List<Long> registries = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    final List<Integer> ranks = new ArrayList<>();
    final List<Long> entries = new ArrayList<>();

    void add(Slot slot, long entry) {
      registries.add(slot.registry());
      names.add(slot.name());
      ranks.add(slot.rank());
      entries.add(entry);
    }

    boolean isEmpty() {
      return registries.isEmpty();
    }
  }
}
