package dev.waggle.application.testing;

import dev.waggle.application.port.in.ConflictException;
import dev.waggle.application.port.in.SourceNotFoundException;
import dev.waggle.application.port.out.CatalogChanges;
import dev.waggle.application.port.out.EntryStore;
import dev.waggle.application.port.out.RegistryEntry;
import dev.waggle.application.port.out.RegistryRecord;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.application.port.out.ServedCatalogStore;
import dev.waggle.application.port.out.SourceEntry;
import dev.waggle.application.port.out.SourceRecord;
import dev.waggle.application.port.out.SyncState;
import dev.waggle.application.port.out.SyncState.Phase;
import dev.waggle.application.port.out.SyncStateStore;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.OfficialMeta;
import dev.waggle.domain.catalog.Precedence;
import dev.waggle.domain.catalog.Precedence.Candidate;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.catalog.VersionOrder;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.CreationType;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Port implementation for tests: the storage out-ports held in memory, keeping the same rules as
 * the PostgreSQL adapter — sync states and leases, tombstones, latest versions, precedence, served
 * catalogs, generations and the names each generation changed — so that the port contracts hold for
 * both. Application tests use it wherever they need storage; a few hooks make a write or a record
 * fail on demand.
 */
public final class InMemoryStorage
    implements RegistryStore, EntryStore, ServedCatalogStore, SyncStateStore, CatalogChanges {
  /** How long deleted tombstones are kept, as the PostgreSQL adapter's default. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

  private final Clock clock;
  private final Duration retention;
  private final Map<SourceName, SourceDefinition> sources = new TreeMap<>(BY_SOURCE_NAME);
  private final Map<RegistryName, RegistryDefinition> registries = new TreeMap<>(BY_REGISTRY_NAME);
  private final Map<SourceName, Map<String, Entry>> entries = new HashMap<>();
  private final Map<RegistryName, Map<String, List<SourceName>>> served = new HashMap<>();
  private final Map<RegistryName, Long> generations = new LinkedHashMap<>();
  private final Map<Object, Made> made = new HashMap<>();

  /** The generation before which what changed in a registry cannot be told by name. */
  private final Map<RegistryName, Long> wholeSince = new HashMap<>();

  /** For each registry, the server names that changed at each generation. */
  private final Map<RegistryName, TreeMap<Long, Set<String>>> nameChanges = new HashMap<>();

  private final Map<SourceName, SyncState> states = new HashMap<>();
  private final Map<SourceName, List<ExtensionEntry>> extensions = new HashMap<>();
  private final Map<SourceName, Instant> leases = new HashMap<>();
  private final List<Consumer<Optional<RegistryName>>> listeners = new CopyOnWriteArrayList<>();
  private long generation;
  private Instant lastNow = Instant.EPOCH;
  private RuntimeException nextWriteFailure;
  private RuntimeException recordFailure;
  private int writes;

  private static final Comparator<SourceName> BY_SOURCE_NAME =
      Comparator.comparing(SourceName::value);
  private static final Comparator<RegistryName> BY_REGISTRY_NAME =
      Comparator.comparing(RegistryName::value);

  public InMemoryStorage() {
    this(Clock.systemUTC(), DEFAULT_RETENTION);
  }

  /**
   * @param clock the storage's own time, as a database's {@code now()}: publish, update and status
   *     times, and the first attempt of a new synced source
   */
  public InMemoryStorage(Clock clock, Duration retention) {
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    this.retention = Objects.requireNonNull(retention, "'retention' must not be null");
  }

  // ---- test hooks

  /** Makes the next {@link #replaceSourceContents} throw {@code failure} and change nothing. */
  public synchronized void failNextWrite(RuntimeException failure) {
    nextWriteFailure = failure;
  }

  /** Makes every later {@link #record} throw {@code failure}, as storage going away would. */
  public synchronized void failRecordsWith(RuntimeException failure) {
    recordFailure = failure;
  }

  /** How many writes of source contents succeeded. */
  public synchronized int writes() {
    return writes;
  }

  /**
   * The live (not deleted) versions a source holds now, as manifests with their entry's claims and
   * without tags (storage does not keep them), in the order they were first written.
   */
  public synchronized List<ServerManifest> liveManifests(SourceName source) {
    List<ServerManifest> live = new ArrayList<>();
    entries
        .getOrDefault(source, Map.of())
        .forEach(
            (name, entry) ->
                entry.versions.values().stream()
                    .filter(v -> v.status != ServerStatus.DELETED)
                    .forEach(
                        v ->
                            live.add(
                                new ServerManifest(
                                    ServerName.of(name),
                                    Version.of(v.version),
                                    v.title,
                                    v.description,
                                    v.status,
                                    Set.of(),
                                    v.document,
                                    entry.claims))));
    return live;
  }

  /** The skills and plugins a source holds now, as last written. */
  public synchronized List<ExtensionEntry> extensions(SourceName source) {
    return extensions.getOrDefault(source, List.of());
  }

  /** Whether a lease on the source is held at {@code now}. */
  public synchronized boolean leased(SourceName source, Instant now) {
    return !leaseFree(source, now);
  }

  // ---- RegistryStore

  @Override
  public void applyConfiguration(CatalogLayout layout) {
    Set<RegistryName> moved;
    synchronized (this) {
      moved = apply(layout);
    }
    announce(moved);
  }

  private Set<RegistryName> apply(CatalogLayout layout) {
    Instant now = now();
    Set<SourceName> listed = new HashSet<>();
    layout.sources().forEach(s -> listed.add(s.name()));
    for (SourceDefinition source : layout.sources()) {
      if (createdBy(source.name()) == CreationType.API) {
        throw new IllegalStateException(
            "cannot overwrite API-created sources: [" + source.name() + "]");
      }
    }
    for (RegistryDefinition registry : layout.registries()) {
      if (createdBy(registry.name()) == CreationType.API) {
        throw new IllegalStateException(
            "cannot overwrite API-created registries: [" + registry.name() + "]");
      }
    }
    for (RegistryDefinition registry : registries.values()) {
      for (SourceName source : registry.sources()) {
        if (createdBy(registry.name()) == CreationType.API
            && !listed.contains(source)
            && createdBy(source) == CreationType.CONFIG) {
          throw new IllegalStateException(
              "config.yaml no longer declares sources that API-created registries list: "
                  + source
                  + " (listed by registry "
                  + registry.name()
                  + ")");
        }
      }
    }
    for (SourceDefinition source : layout.sources()) {
      made.putIfAbsent(source.name(), new Made(CreationType.CONFIG, now, now));
    }
    for (RegistryDefinition registry : layout.registries()) {
      made.putIfAbsent(registry.name(), new Made(CreationType.CONFIG, now, now));
    }
    for (SourceName gone : List.copyOf(sources.keySet())) {
      if (!listed.contains(gone) && createdBy(gone) == CreationType.CONFIG) {
        made.remove(gone);
        sources.remove(gone);
        entries.remove(gone);
        states.remove(gone);
        leases.remove(gone);
      }
    }
    for (SourceDefinition source : layout.sources()) {
      sources.put(source.name(), source);
      if (source.kind().synced()) {
        states.computeIfAbsent(
            source.name(),
            name ->
                new SyncState(
                    Phase.PENDING,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    0,
                    now,
                    0,
                    "Waiting for the first sync"));
      } else {
        states.remove(source.name());
        leases.remove(source.name());
      }
    }

    Set<RegistryName> moved = new LinkedHashSet<>();
    Set<RegistryName> wanted = new HashSet<>();
    layout.registries().forEach(r -> wanted.add(r.name()));
    for (RegistryName gone : List.copyOf(registries.keySet())) {
      if (!wanted.contains(gone) && createdBy(gone) == CreationType.CONFIG) {
        made.remove(gone);
        registries.remove(gone);
        served.remove(gone);
        generations.remove(gone);
        wholeSince.remove(gone);
        nameChanges.remove(gone);
        moved.add(gone);
      }
    }
    Set<RegistryName> changed = new HashSet<>();
    for (RegistryDefinition registry : layout.registries()) {
      RegistryDefinition before = registries.put(registry.name(), registry);
      if (before == null
          || !before.claims().equals(registry.claims())
          || !before.sources().equals(registry.sources())) {
        changed.add(registry.name());
      }
      generations.computeIfAbsent(registry.name(), name -> ++generation);
    }
    moved.addAll(rank(registries.keySet(), changed, null));
    return moved;
  }

  @Override
  public synchronized Optional<RegistryDefinition> findRegistry(RegistryName name) {
    return Optional.ofNullable(registries.get(name));
  }

  @Override
  public synchronized List<RegistryDefinition> listRegistries() {
    return List.copyOf(registries.values());
  }

  @Override
  public synchronized Optional<SourceDefinition> findSource(SourceName name) {
    return Optional.ofNullable(sources.get(name));
  }

  @Override
  public synchronized List<SourceDefinition> listSources() {
    return List.copyOf(sources.values());
  }

  /** Who made a source or registry, and when it was created and last changed. */
  private record Made(CreationType type, Instant createdAt, Instant updatedAt) {}

  private CreationType createdBy(Object name) {
    Made m = made.get(name);
    return m == null ? null : m.type();
  }

  @Override
  public synchronized Optional<SourceRecord> sourceRecord(SourceName name) {
    return Optional.ofNullable(sources.get(name)).map(this::record);
  }

  @Override
  public synchronized List<SourceRecord> sourceRecords() {
    return sources.values().stream().map(this::record).toList();
  }

  private SourceRecord record(SourceDefinition source) {
    Made m = made.getOrDefault(source.name(), new Made(CreationType.CONFIG, lastNow, lastNow));
    return new SourceRecord(source, m.type(), m.createdAt(), m.updatedAt());
  }

  @Override
  public synchronized Optional<RegistryRecord> registryRecord(RegistryName name) {
    return Optional.ofNullable(registries.get(name)).map(this::record);
  }

  @Override
  public synchronized List<RegistryRecord> registryRecords() {
    return registries.values().stream().map(this::record).toList();
  }

  private RegistryRecord record(RegistryDefinition registry) {
    Made m = made.getOrDefault(registry.name(), new Made(CreationType.CONFIG, lastNow, lastNow));
    return new RegistryRecord(registry, m.type(), m.createdAt(), m.updatedAt());
  }

  @Override
  public synchronized boolean putApiSource(SourceDefinition source) {
    if (createdBy(source.name()) == CreationType.CONFIG) {
      throw new ConflictException("source " + source.name() + " was created by the configuration");
    }
    if (source.kind() instanceof SourceKind.Managed
        && sources.values().stream()
            .anyMatch(
                s -> s.kind() instanceof SourceKind.Managed && !s.name().equals(source.name()))) {
      throw new ConflictException("at most one managed source is allowed");
    }
    Instant now = now();
    Made before = made.get(source.name());
    made.put(
        source.name(), new Made(CreationType.API, before == null ? now : before.createdAt(), now));
    sources.put(source.name(), source);
    if (source.kind().synced()) {
      states.computeIfAbsent(
          source.name(),
          name ->
              new SyncState(
                  Phase.PENDING,
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  0,
                  now,
                  0,
                  "Waiting for the first sync"));
    }
    return before == null;
  }

  @Override
  public synchronized boolean deleteApiSource(SourceName name) {
    if (createdBy(name) != CreationType.API) {
      return false;
    }
    long listing = registries.values().stream().filter(r -> r.sources().contains(name)).count();
    if (listing > 0) {
      throw new ConflictException(
          "source is referenced by one or more registries: "
              + name
              + " is referenced by "
              + listing
              + " registry(ies)");
    }
    made.remove(name);
    sources.remove(name);
    entries.remove(name);
    extensions.remove(name);
    states.remove(name);
    leases.remove(name);
    return true;
  }

  @Override
  public boolean putApiRegistry(RegistryDefinition registry) {
    boolean created;
    Set<RegistryName> moved;
    synchronized (this) {
      if (createdBy(registry.name()) == CreationType.CONFIG) {
        throw new ConflictException(
            "registry " + registry.name() + " was created by the configuration");
      }
      for (SourceName source : registry.sources()) {
        if (!sources.containsKey(source)) {
          throw new ConflictException("source not found: " + source);
        }
      }
      Instant now = now();
      Made before = made.get(registry.name());
      created = before == null;
      made.put(
          registry.name(), new Made(CreationType.API, created ? now : before.createdAt(), now));
      registries.put(registry.name(), registry);
      generations.computeIfAbsent(registry.name(), name -> ++generation);
      moved = rank(List.of(registry.name()), List.of(registry.name()), null);
    }
    announce(moved);
    return created;
  }

  @Override
  public boolean deleteApiRegistry(RegistryName name) {
    synchronized (this) {
      if (createdBy(name) != CreationType.API) {
        return false;
      }
      made.remove(name);
      registries.remove(name);
      served.remove(name);
      generations.remove(name);
      wholeSince.remove(name);
      nameChanges.remove(name);
    }
    announce(List.of(name));
    return true;
  }

  @Override
  public synchronized List<SourceEntry> sourceEntries(SourceName name) {
    List<SourceEntry> result = new ArrayList<>();
    new TreeMap<>(entries.getOrDefault(name, Map.of()))
        .forEach(
            (server, entry) -> {
              if (!entry.live) {
                return;
              }
              List<SourceEntry.Version> versions =
                  entry.versions.values().stream()
                      .filter(v -> v.status != ServerStatus.DELETED)
                      .map(
                          v ->
                              new SourceEntry.Version(
                                  v.version,
                                  v.title,
                                  v.description,
                                  Optional.of(v.publishedAt),
                                  Optional.of(v.updatedAt)))
                      .toList();
              result.add(
                  new SourceEntry(SourceEntry.EntryType.MCP, server, entry.claims, versions));
            });
    return result;
  }

  @Override
  public synchronized List<RegistryEntry> registryEntries(RegistryName name) {
    List<RegistryEntry> result = new ArrayList<>();
    RegistryDefinition registry = registries.get(name);
    if (registry == null) {
      return result;
    }
    for (int position = 0; position < registry.sources().size(); position++) {
      SourceName source = registry.sources().get(position);
      for (SourceEntry entry : sourceEntries(source)) {
        for (SourceEntry.Version version : entry.versions()) {
          result.add(new RegistryEntry(entry.type(), entry.name(), version, source, position));
        }
      }
    }
    return result;
  }

  // ---- EntryStore

  @Override
  public void replaceSourceContents(SourceName source, List<ServerManifest> servers) {
    Set<RegistryName> moved;
    synchronized (this) {
      if (nextWriteFailure != null) {
        RuntimeException failure = nextWriteFailure;
        nextWriteFailure = null;
        throw failure;
      }
      if (!sources.containsKey(source)) {
        throw new SourceNotFoundException(source);
      }
      Map<String, Entry> before = entries.getOrDefault(source, Map.of());
      Map<String, Entry> replaced = copy(before);
      boolean changed = replace(replaced, servers, now());
      entries.put(source, replaced);
      Set<String> touched = new HashSet<>(before.keySet());
      touched.addAll(replaced.keySet());
      touched.removeIf(
          name ->
              before.containsKey(name)
                  && replaced.containsKey(name)
                  && before.get(name).state().equals(replaced.get(name).state()));
      writes++;
      List<RegistryName> over =
          registries.values().stream()
              .filter(r -> r.sources().contains(source))
              .map(RegistryDefinition::name)
              .toList();
      moved = rank(over, changed ? over : List.of(), touched);
    }
    announce(moved);
  }

  @Override
  public void replaceSourceContents(
      SourceName source, List<ServerManifest> servers, List<ExtensionEntry> newExtensions) {
    // Skills and plugins do not reach the served catalog here, so the write of the servers
    // carries every effect on registries; the extensions follow only when it succeeded.
    replaceSourceContents(source, servers);
    synchronized (this) {
      extensions.put(source, List.copyOf(newExtensions));
    }
  }

  /** Writes {@code servers} over a copy of a source's entries; returns whether anything changed. */
  private boolean replace(Map<String, Entry> stored, List<ServerManifest> servers, Instant now) {
    Map<String, Map<String, ServerManifest>> byName = new LinkedHashMap<>();
    for (ServerManifest server : servers) {
      // The first copy of a (name, version) wins, as in the PostgreSQL adapter.
      byName
          .computeIfAbsent(server.name().value(), name -> new LinkedHashMap<>())
          .putIfAbsent(server.version().value(), server);
    }
    boolean changed = false;
    // Tombstones past the retention go first; everything below decides as if they never were.
    Instant expiry = now.minus(retention);
    for (Entry entry : stored.values()) {
      changed |=
          entry
              .versions
              .values()
              .removeIf(
                  v -> v.status == ServerStatus.DELETED && v.statusChangedAt.isBefore(expiry));
    }

    Set<String> names = new LinkedHashSet<>(byName.keySet());
    names.addAll(stored.keySet());
    for (String name : names) {
      Map<String, ServerManifest> payload = byName.getOrDefault(name, Map.of());
      Entry entry = stored.get(name);
      Map<String, StoredVersion> before = entry == null ? Map.of() : entry.versions;
      List<VersionOrder.Candidate> candidates = new ArrayList<>();
      for (ServerManifest m : payload.values()) {
        StoredVersion old = before.get(m.version().value());
        candidates.add(
            new VersionOrder.Candidate(
                m.version(),
                m.upstream().publishedAt().orElse(old == null ? now : old.publishedAt),
                m.status(),
                m.upstream().latest()));
      }
      before.forEach(
          (version, old) -> {
            if (!payload.containsKey(version)) {
              candidates.add(
                  new VersionOrder.Candidate(
                      Version.of(version), old.publishedAt, ServerStatus.DELETED));
            }
          });
      if (candidates.isEmpty()) {
        // Every version expired and the payload does not hold the name: it leaves the source.
        stored.remove(name);
        continue;
      }
      String latest = VersionOrder.latest(candidates).orElseThrow().value();

      if (entry == null) {
        entry = new Entry();
        stored.put(name, entry);
        changed = true;
      }
      for (Map.Entry<String, StoredVersion> e : entry.versions.entrySet()) {
        StoredVersion v = e.getValue();
        boolean isLatest = e.getKey().equals(latest);
        if (payload.containsKey(e.getKey())) {
          continue;
        }
        if (v.latest && !isLatest) {
          v.latest = false;
          v.updatedAt = now;
          changed = true;
        }
        if (v.status != ServerStatus.DELETED || (isLatest && !v.latest)) {
          if (v.status != ServerStatus.DELETED) {
            v.statusChangedAt = now;
            v.statusMessage = null;
          }
          v.status = ServerStatus.DELETED;
          v.latest = isLatest;
          v.updatedAt = now;
          changed = true;
        }
      }
      if (payload.isEmpty()) {
        // A name the payload no longer holds keeps its entry, and so its claims, for its
        // tombstones.
        changed |= entry.live;
        entry.live = false;
        continue;
      }
      Claims claims = payload.values().iterator().next().claims();
      boolean live =
          Precedence.live(payload.values().stream().map(ServerManifest::status).toList());
      changed |= !claims.equals(entry.claims) || live != entry.live;
      entry.claims = claims;
      entry.live = live;
      for (ServerManifest m : payload.values()) {
        boolean isLatest = m.version().value().equals(latest);
        StoredVersion old = entry.versions.get(m.version().value());
        if (old == null) {
          entry.versions.put(m.version().value(), new StoredVersion(m, isLatest, now));
          changed = true;
        } else {
          changed |= old.update(m, isLatest, now);
        }
      }
    }
    return changed;
  }

  // ---- ServedCatalogStore

  @Override
  public synchronized Map<RegistryName, Long> generations() {
    return new LinkedHashMap<>(generations);
  }

  @Override
  public synchronized Optional<StoredRegistry> load(
      RegistryName registry, Consumer<ServedRow> rows) {
    RegistryDefinition definition = registries.get(registry);
    if (definition == null) {
      return Optional.empty();
    }
    served.getOrDefault(registry, Map.of()).keySet().forEach(name -> rows(registry, name, rows));
    return Optional.of(
        new StoredRegistry(registry, generations.get(registry), definition.claims()));
  }

  @Override
  public synchronized Optional<StoredChanges> loadChanges(
      RegistryName registry, long since, Consumer<ServedRow> rows) {
    RegistryDefinition definition = registries.get(registry);
    long current = generations.getOrDefault(registry, 0L);
    if (definition == null
        || wholeSince.getOrDefault(registry, Long.MAX_VALUE) > since
        || current < since) {
      return Optional.empty();
    }
    Set<String> names = new HashSet<>();
    nameChanges
        .getOrDefault(registry, new TreeMap<>())
        .tailMap(since, false)
        .values()
        .forEach(names::addAll);
    names.forEach(name -> rows(registry, name, rows));
    return Optional.of(
        new StoredChanges(
            new StoredRegistry(registry, current, definition.claims()),
            names.stream().map(ServerName::of).collect(Collectors.toSet())));
  }

  @Override
  public synchronized Map<SourceName, SourceSize> sourceSizes() {
    Map<SourceName, SourceSize> sizes = new TreeMap<>();
    states.forEach(
        (source, state) ->
            sizes.put(
                source,
                new SourceSize(state.serverCount(), state.skillCount(), state.pluginCount())));
    return sizes;
  }

  /** Streams every row a registry serves under one name: each candidate's versions. */
  private void rows(RegistryName registry, String name, Consumer<ServedRow> rows) {
    List<SourceName> ranked = served.getOrDefault(registry, Map.of()).getOrDefault(name, List.of());
    for (int rank = 0; rank < ranked.size(); rank++) {
      Entry entry = entries.get(ranked.get(rank)).get(name);
      for (StoredVersion v : entry.versions.values()) {
        rows.accept(
            new ServedRow(
                ServerName.of(name), rank, entry.claims, v.listing(name), v.title, v.description));
      }
    }
  }

  // ---- SyncStateStore

  @Override
  public synchronized List<SourceName> claimDue(Instant now, Duration lease, int max) {
    List<SourceName> due =
        states.entrySet().stream()
            .filter(e -> !e.getValue().nextAttempt().isAfter(now) && leaseFree(e.getKey(), now))
            .sorted(
                Comparator.comparing(
                        (Map.Entry<SourceName, SyncState> e) -> e.getValue().nextAttempt())
                    .thenComparing(e -> e.getKey().value()))
            .limit(Math.max(max, 0))
            .map(Map.Entry::getKey)
            .toList();
    due.forEach(source -> take(source, now, lease));
    return due;
  }

  @Override
  public synchronized Optional<SyncState> claim(SourceName source, Instant now, Duration lease) {
    if (!states.containsKey(source) || !leaseFree(source, now)) {
      return Optional.empty();
    }
    return Optional.of(take(source, now, lease));
  }

  private SyncState take(SourceName source, Instant now, Duration lease) {
    leases.put(source, now.plus(lease));
    SyncState state = withPhase(states.get(source), Phase.SYNCING);
    states.put(source, state);
    return state;
  }

  private boolean leaseFree(SourceName source, Instant now) {
    Instant until = leases.get(source);
    return until == null || !until.isAfter(now);
  }

  @Override
  public synchronized Optional<SyncState> find(SourceName source) {
    return Optional.ofNullable(states.get(source));
  }

  @Override
  public synchronized void makeDue(SourceName source, Instant now) {
    SyncState state = states.get(source);
    if (state != null && state.nextAttempt().isAfter(now)) {
      states.put(source, with(state, state.phase(), now));
    }
  }

  @Override
  public synchronized void record(SourceName source, SyncState state) {
    if (recordFailure != null) {
      throw recordFailure;
    }
    Objects.requireNonNull(state, "'state' must not be null");
    if (sources.containsKey(source)) {
      states.put(source, state);
      leases.remove(source);
    }
  }

  @Override
  public synchronized void release(Collection<SourceName> released) {
    for (SourceName source : released) {
      if (leases.remove(source) != null && states.containsKey(source)) {
        SyncState state = states.get(source);
        Phase before =
            state.attemptCount() > 0
                ? Phase.FAILED
                : state.lastSuccess().isPresent() ? Phase.COMPLETE : Phase.PENDING;
        states.put(source, withPhase(state, before));
      }
    }
  }

  private static SyncState withPhase(SyncState state, Phase phase) {
    return with(state, phase, state.nextAttempt());
  }

  private static SyncState with(SyncState state, Phase phase, Instant nextAttempt) {
    return new SyncState(
        phase,
        state.lastOutcome(),
        state.contentHash(),
        state.definitionFingerprint(),
        state.lastAttempt(),
        state.lastEnded(),
        state.lastSuccess(),
        state.attemptCount(),
        nextAttempt,
        state.serverCount(),
        state.skillCount(),
        state.pluginCount(),
        state.message(),
        state.rejections());
  }

  // ---- CatalogChanges

  @Override
  public Subscription subscribe(Consumer<Optional<RegistryName>> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void announce(Collection<RegistryName> moved) {
    moved.forEach(name -> listeners.forEach(l -> l.accept(Optional.of(name))));
  }

  // ---- served catalog

  /**
   * Ranks every name of {@code over} again by {@link Precedence} and moves the generation of each
   * registry whose ranking changed or that is in {@code changedAnyway}, recording which server
   * names changed: those whose ranking did and {@code touched}, or, when it is null, any.
   */
  private Set<RegistryName> rank(
      Collection<RegistryName> over, Collection<RegistryName> changedAnyway, Set<String> touched) {
    Set<RegistryName> moved = new LinkedHashSet<>(changedAnyway);
    Map<RegistryName, Set<String>> changedNames = new HashMap<>();
    for (RegistryName name : over) {
      RegistryDefinition registry = registries.get(name);
      Map<String, List<Candidate<SourceName>>> byName = new HashMap<>();
      for (int position = 0; position < registry.sources().size(); position++) {
        SourceName source = registry.sources().get(position);
        int at = position;
        entries
            .getOrDefault(source, Map.of())
            .forEach(
                (server, entry) ->
                    byName
                        .computeIfAbsent(server, k -> new ArrayList<>())
                        .add(new Candidate<>(source, at, entry.live, entry.claims)));
      }
      Map<String, List<SourceName>> ranked = new HashMap<>();
      byName.forEach(
          (server, candidates) ->
              ranked.put(
                  server, Precedence.rank(candidates).stream().map(Candidate::key).toList()));
      Map<String, List<SourceName>> before = served.getOrDefault(name, Map.of());
      Set<String> names = touched == null ? new HashSet<>() : new HashSet<>(touched);
      names.addAll(ranked.keySet());
      names.addAll(before.keySet());
      names.removeIf(
          server ->
              Objects.equals(ranked.get(server), before.get(server))
                  && (touched == null || !touched.contains(server)));
      if (!names.isEmpty()) {
        moved.add(name);
      }
      changedNames.put(name, names);
      served.put(name, ranked);
    }
    for (RegistryName name : moved) {
      if (generations.containsKey(name)) {
        generations.put(name, ++generation);
        if (touched == null) {
          wholeSince.put(name, generation);
        } else {
          nameChanges
              .computeIfAbsent(name, k -> new TreeMap<>())
              .put(generation, changedNames.getOrDefault(name, Set.of()));
        }
      }
    }
    return moved;
  }

  /** The storage's clock, strictly later at every call, as commits in a database are. */
  private Instant now() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    if (!now.isAfter(lastNow)) {
      now = lastNow.plus(1, ChronoUnit.MICROS);
    }
    lastNow = now;
    return now;
  }

  private static Map<String, Entry> copy(Map<String, Entry> entries) {
    Map<String, Entry> copy = new LinkedHashMap<>();
    entries.forEach((name, entry) -> copy.put(name, entry.copy()));
    return copy;
  }

  /** One source's entry for a name: its claims, whether it is live, and its versions. */
  private static final class Entry {
    Claims claims = Claims.NONE;
    boolean live;
    final Map<String, StoredVersion> versions = new LinkedHashMap<>();

    /** What a reader can see of the entry, to tell whether a write changed it. */
    List<Object> state() {
      List<Object> state = new ArrayList<>(List.of(claims, live));
      versions
          .values()
          .forEach(
              v ->
                  state.add(
                      Arrays.asList(
                          v.version,
                          v.title,
                          v.description,
                          v.document,
                          v.status,
                          v.statusMessage,
                          v.publishedAt,
                          v.updatedAt,
                          v.statusChangedAt,
                          v.latest)));
      return state;
    }

    Entry copy() {
      Entry copy = new Entry();
      copy.claims = claims;
      copy.live = live;
      versions.forEach((version, v) -> copy.versions.put(version, v.copy()));
      return copy;
    }
  }

  /** One stored version, as the version table holds it. */
  private static final class StoredVersion {
    String version;
    String title;
    String description;
    String document;
    ServerStatus status;
    String statusMessage;
    Instant publishedAt;
    Instant updatedAt;
    Instant statusChangedAt;
    boolean latest;

    private StoredVersion() {}

    StoredVersion(ServerManifest m, boolean latest, Instant now) {
      this.version = m.version().value();
      this.title = m.title();
      this.description = m.description();
      this.document = m.document();
      this.status = m.status();
      this.publishedAt = m.upstream().publishedAt().orElse(now);
      this.updatedAt = now;
      this.statusChangedAt = now;
      this.latest = latest;
    }

    /** Writes {@code m} over this version; returns whether anything changed. */
    boolean update(ServerManifest m, boolean isLatest, Instant now) {
      Instant published = m.upstream().publishedAt().orElse(publishedAt);
      if (Objects.equals(title, m.title())
          && Objects.equals(description, m.description())
          && status == m.status()
          && document.equals(m.document())
          && latest == isLatest
          && published.equals(publishedAt)) {
        return false;
      }
      if (!document.equals(m.document())
          || status != m.status()
          || latest != isLatest
          || !published.equals(publishedAt)) {
        updatedAt = now;
      }
      publishedAt = published;
      if (status != m.status()) {
        statusChangedAt = now;
        statusMessage = null;
      }
      title = m.title();
      description = m.description();
      document = m.document();
      status = m.status();
      latest = isLatest;
      return true;
    }

    ServerListing listing(String name) {
      return new ServerListing(
          ServerName.of(name),
          Version.of(version),
          document,
          new OfficialMeta(status, statusMessage, publishedAt, updatedAt, statusChangedAt, latest));
    }

    StoredVersion copy() {
      StoredVersion copy = new StoredVersion();
      copy.version = version;
      copy.title = title;
      copy.description = description;
      copy.document = document;
      copy.status = status;
      copy.statusMessage = statusMessage;
      copy.publishedAt = publishedAt;
      copy.updatedAt = updatedAt;
      copy.statusChangedAt = statusChangedAt;
      copy.latest = latest;
      return copy;
    }
  }
}
