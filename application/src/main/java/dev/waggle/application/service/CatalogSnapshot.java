package dev.waggle.application.service;

import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.application.port.in.ServedVersion;
import dev.waggle.application.port.out.ServedCatalogStore.ServedRow;
import dev.waggle.application.port.out.ServedCatalogStore.StoredChanges;
import dev.waggle.application.port.out.ServedCatalogStore.StoredRegistry;
import dev.waggle.application.port.out.ServedVersionEncoder;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.Precedence;
import dev.waggle.domain.catalog.Precedence.Candidate;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.paging.Cursor;
import dev.waggle.domain.paging.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Read model: one registry's served catalog at one generation, immutable, so that any number of
 * requests page over it without locks while the next generation is built beside it. Names sort in
 * code point order, each with its candidate entries in precedence order, each entry with its
 * versions sorted and already encoded.
 *
 * <p>Names are sorted, merged and searched with {@link String}'s own order, the quickest: server
 * names are ASCII by the domain's rule, where it is code point order, and it stays so against any
 * key searched for (a cursor's), since the two orders differ only between two characters above
 * U+D7FF.
 */
final class CatalogSnapshot {
  /** Separates the searched fields, so that no search term matches across two of them. */
  private static final char FIELD_SEPARATOR = '\u0000';

  private static final Comparator<Item> NEWEST_PUBLISH_FIRST =
      Comparator.comparing((Item i) -> i.served().meta().publishedAt())
          .thenComparing(i -> i.served().version().value(), CodePointOrder.ORDER)
          .reversed();

  private final StoredRegistry registry;
  private final boolean restricted;
  private final String[] names;
  private final List<List<Candidate<Entry>>> candidates;
  private final int versionCount;

  private CatalogSnapshot(
      StoredRegistry registry,
      boolean restricted,
      String[] names,
      List<List<Candidate<Entry>>> candidates,
      int versionCount) {
    this.registry = registry;
    this.restricted = restricted;
    this.names = names;
    this.candidates = candidates;
    this.versionCount = versionCount;
  }

  long generation() {
    return registry.generation();
  }

  Claims claims() {
    return registry.claims();
  }

  /** Whether the registry or any entry carries claims, so that callers may see different things. */
  boolean restricted() {
    return restricted;
  }

  /** Every stored version, of every candidate: what the snapshot costs. */
  int versionCount() {
    return versionCount;
  }

  /**
   * One page for the query's caller, in (name, version) order strictly after the cursor. Hidden
   * entries are skipped while the page fills, so a page is short only at the end, and the cursor is
   * the last item served: it reveals nothing the caller may not see.
   */
  Page<ServedVersion> page(ListServersQuery query) {
    Optional<String> needle = query.search().map(s -> s.toLowerCase(Locale.ROOT));
    String afterName = query.cursor().map(c -> c.name().value()).orElse(null);
    String afterVersion = query.cursor().map(c -> c.version().value()).orElse(null);
    int limit = query.limit();
    List<ServedVersion> items = new ArrayList<>(Math.min(limit + 1, 128));
    int start = afterName == null ? 0 : lowerBound(afterName);
    for (int n = start; n < names.length && items.size() <= limit; n++) {
      Optional<Candidate<Entry>> served = Precedence.servedTo(query.caller(), candidates.get(n));
      if (served.isEmpty()) {
        continue;
      }
      Entry entry = served.get().key();
      int from = names[n].equals(afterName) ? entry.after(afterVersion) : 0;
      for (int v : entry.selected(query.version(), from)) {
        Item item = entry.versions[v];
        if (item.matches(query.includeDeleted(), query.updatedSince(), needle)) {
          items.add(item.served());
          if (items.size() > limit) {
            break;
          }
        }
      }
    }
    if (items.size() <= limit) {
      return new Page<>(items, Optional.empty());
    }
    List<ServedVersion> page = items.subList(0, limit);
    ServedVersion last = page.get(limit - 1);
    return new Page<>(page, Optional.of(new Cursor(last.name(), last.version())));
  }

  /** The versions of one name the caller is served, newest publish first. */
  List<ServedVersion> versions(ServerName name, boolean includeDeleted, Caller caller) {
    return served(name, caller)
        .map(
            entry ->
                Arrays.stream(entry.versions)
                    .filter(i -> includeDeleted || !i.deleted())
                    .sorted(NEWEST_PUBLISH_FIRST)
                    .map(Item::served)
                    .toList())
        .orElse(List.of());
  }

  Optional<ServedVersion> version(
      ServerName name, VersionSelector selector, boolean includeDeleted, Caller caller) {
    return served(name, caller)
        .flatMap(
            entry -> {
              int[] selected = entry.selected(Optional.of(selector), 0);
              return selected.length == 0
                  ? Optional.empty()
                  : Optional.of(entry.versions[selected[0]]);
            })
        .filter(i -> includeDeleted || !i.deleted())
        .map(Item::served);
  }

  private Optional<Entry> served(ServerName name, Caller caller) {
    int n = Arrays.binarySearch(names, name.value());
    if (n < 0) {
      return Optional.empty();
    }
    return Precedence.servedTo(caller, candidates.get(n)).map(Candidate::key);
  }

  /** The index of the first name not before {@code name}. */
  private int lowerBound(String name) {
    int found = Arrays.binarySearch(names, name);
    return found >= 0 ? found : -found - 1;
  }

  /**
   * The next generation of this snapshot: the names {@code changes} lists take their rows from
   * {@code changed} (and leave when they have none), every other name is shared with this one.
   */
  CatalogSnapshot merge(Builder changed, StoredChanges changes) {
    Set<String> touched = new HashSet<>();
    changes.names().forEach(name -> touched.add(name.value()));
    CatalogSnapshot fresh = changed.build(changes.registry());
    touched.addAll(Arrays.asList(fresh.names));
    List<String> mergedNames = new ArrayList<>(names.length + fresh.names.length);
    List<List<Candidate<Entry>>> mergedCandidates =
        new ArrayList<>(names.length + fresh.names.length);
    int o = 0;
    int f = 0;
    while (o < names.length || f < fresh.names.length) {
      int order =
          o == names.length ? 1 : f == fresh.names.length ? -1 : names[o].compareTo(fresh.names[f]);
      if (order <= 0) {
        if (order < 0 && !touched.contains(names[o])) {
          mergedNames.add(names[o]);
          mergedCandidates.add(candidates.get(o));
        }
        o++;
      }
      if (order >= 0) {
        mergedNames.add(fresh.names[f]);
        mergedCandidates.add(fresh.candidates.get(f));
        f++;
      }
    }
    return assemble(changes.registry(), mergedNames.toArray(String[]::new), mergedCandidates);
  }

  /** A snapshot over these names, working out what it costs and whether callers see alike. */
  private static CatalogSnapshot assemble(
      StoredRegistry registry, String[] names, List<List<Candidate<Entry>>> candidates) {
    boolean restricted = !registry.claims().isEmpty();
    int versionCount = 0;
    for (List<Candidate<Entry>> list : candidates) {
      for (Candidate<Entry> candidate : list) {
        restricted |= !candidate.claims().isEmpty();
        versionCount += candidate.key().versions.length;
      }
    }
    return new CatalogSnapshot(registry, restricted, names, candidates, versionCount);
  }

  /** A built snapshot; its rows may arrive in any order, and are encoded on the caller's thread. */
  static Builder builder(ServedVersionEncoder encoder) {
    return new Builder(encoder, Runnable::run);
  }

  /**
   * Like {@link #builder(ServedVersionEncoder)}, encoding the rows on {@code encoding} while more
   * arrive: reading rows mostly waits for the database, and the encoding can use that time.
   */
  static Builder builder(ServedVersionEncoder encoder, Executor encoding) {
    return new Builder(encoder, encoding);
  }

  /** Collects a registry's rows, encoding each version once. */
  static final class Builder {
    /** Rows handed to the encoding at a time: enough to make a hand-over cheap. */
    private static final int BATCH = 256;

    private final ServedVersionEncoder encoder;
    private final Executor encoding;
    // Hashed while rows arrive, sorted once in build(): a sorted map would compare names on every
    // row, which was a tenth of a snapshot's CPU.
    private final Map<String, TreeMap<Integer, EntryRows>> byName = new HashMap<>();
    private final List<CompletableFuture<Void>> encoded = new ArrayList<>();
    private List<Pending> batch = new ArrayList<>(BATCH);

    private Builder(ServedVersionEncoder encoder, Executor encoding) {
      this.encoder = encoder;
      this.encoding = encoding;
    }

    void add(ServedRow row) {
      EntryRows entry =
          byName
              .computeIfAbsent(row.name().value(), name -> new TreeMap<>())
              .computeIfAbsent(row.rank(), rank -> new EntryRows(row.claims()));
      Pending pending = new Pending(row);
      entry.items.add(pending);
      batch.add(pending);
      if (batch.size() == BATCH) {
        encode();
      }
    }

    /** Hands the rows gathered so far to the encoding. */
    private void encode() {
      List<Pending> rows = batch;
      batch = new ArrayList<>(BATCH);
      Runnable task = () -> rows.forEach(pending -> pending.encode(encoder));
      try {
        encoded.add(CompletableFuture.runAsync(task, encoding));
      } catch (RejectedExecutionException e) {
        // The encoding stopped (the replica is closing): the snapshot is still built whole.
        task.run();
      }
    }

    CatalogSnapshot build(StoredRegistry registry) {
      encode();
      try {
        CompletableFuture.allOf(encoded.toArray(CompletableFuture[]::new)).join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      }
      String[] names = byName.keySet().toArray(String[]::new);
      Arrays.sort(names);
      List<List<Candidate<Entry>>> candidates = new ArrayList<>(names.length);
      for (String name : names) {
        TreeMap<Integer, EntryRows> ranked = byName.get(name);
        List<Candidate<Entry>> list = new ArrayList<>(ranked.size());
        for (Map.Entry<Integer, EntryRows> rows : ranked.entrySet()) {
          Entry entry = rows.getValue().build();
          list.add(new Candidate<>(entry, rows.getKey(), entry.live(), rows.getValue().claims));
        }
        candidates.add(List.copyOf(list));
      }
      return assemble(registry, names, candidates);
    }

    private static String searchText(String name, String title, String description) {
      StringBuilder text = new StringBuilder(name);
      text.append(FIELD_SEPARATOR).append(title == null ? "" : title);
      text.append(FIELD_SEPARATOR).append(description == null ? "" : description);
      return text.toString().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A row on its way to an {@link Item}: read on one thread, encoded on another; build() reads the
   * item only after waiting for the encoding, which makes it visible.
   */
  private static final class Pending {
    private ServedRow row;
    private Item item;

    Pending(ServedRow row) {
      this.row = row;
    }

    void encode(ServedVersionEncoder encoder) {
      ServerListing listing = row.listing();
      item =
          new Item(
              new ServedVersion(
                  listing.name(), listing.version(), listing.meta(), encoder.encode(listing)),
              Builder.searchText(listing.name().value(), row.title(), row.description()));
      // The row's document is in the encoded bytes now; the snapshot keeps only those.
      row = null;
    }
  }

  private static final class EntryRows {
    final Claims claims;
    final List<Pending> items = new ArrayList<>();

    EntryRows(Claims claims) {
      this.claims = claims;
    }

    Entry build() {
      Item[] versions = new Item[items.size()];
      for (int v = 0; v < versions.length; v++) {
        versions[v] = items.get(v).item;
      }
      Arrays.sort(versions, Comparator.comparing(Item::version, CodePointOrder.ORDER));
      int latest = -1;
      for (int v = 0; v < versions.length; v++) {
        if (versions[v].served().meta().latest()) {
          latest = v;
        }
      }
      return new Entry(versions, latest);
    }
  }

  /** One candidate entry: its versions in code point order and which one is latest. */
  private static final class Entry {
    private static final int[] NONE = new int[0];
    final Item[] versions;
    final int latest;

    Entry(Item[] versions, int latest) {
      this.versions = versions;
      this.latest = latest;
    }

    boolean live() {
      return Precedence.live(Arrays.stream(versions).map(i -> i.served().meta().status()).toList());
    }

    /** The index of the first version strictly after {@code version}. */
    int after(String version) {
      int lo = 0;
      int hi = versions.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (CodePointOrder.compare(versions[mid].version(), version) <= 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    /** The indexes, from {@code from} on, of the versions a selector picks. */
    int[] selected(Optional<VersionSelector> selector, int from) {
      if (selector.isEmpty()) {
        int[] all = new int[Math.max(versions.length - from, 0)];
        Arrays.setAll(all, i -> from + i);
        return all;
      }
      int index;
      if (selector.get().isLatest()) {
        index = latest;
      } else {
        Version exact = selector.get().exact().orElseThrow();
        index = exactly(exact.value());
      }
      return index >= from ? new int[] {index} : NONE;
    }

    private int exactly(String version) {
      int at = after(version) - 1;
      return at >= 0 && versions[at].version().equals(version) ? at : -1;
    }
  }

  /** One served version and the lower-cased text a search looks in. */
  private record Item(ServedVersion served, String search) {
    String version() {
      return served.version().value();
    }

    boolean deleted() {
      return served.meta().status() == ServerStatus.DELETED;
    }

    boolean matches(
        boolean includeDeleted, Optional<Instant> updatedSince, Optional<String> needle) {
      if (!includeDeleted && deleted()) {
        return false;
      }
      if (updatedSince.isPresent() && !served.meta().updatedAt().isAfter(updatedSince.get())) {
        return false;
      }
      return needle.isEmpty()
          || (needle.get().indexOf(FIELD_SEPARATOR) < 0 && search.contains(needle.get()));
    }
  }
}
