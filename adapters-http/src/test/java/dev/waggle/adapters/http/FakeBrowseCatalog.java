package dev.waggle.adapters.http;

import dev.waggle.application.port.in.BrowseCatalog;
import dev.waggle.application.port.in.CatalogAnswer;
import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.application.port.in.RegistryAccessDeniedException;
import dev.waggle.application.port.in.RegistryNotFoundException;
import dev.waggle.application.port.in.ServedVersion;
import dev.waggle.application.port.in.ServerNotFoundException;
import dev.waggle.application.port.out.StorageUnavailableException;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.paging.Cursor;
import dev.waggle.domain.paging.Page;
import dev.waggle.domain.registry.RegistryName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** Test fake of the {@link BrowseCatalog} in-port: registries held in memory, paged by keyset. */
final class FakeBrowseCatalog implements BrowseCatalog {
  static final RegistryName DEFAULT = RegistryName.of("default");

  /** A registry whose claims no caller has. */
  static final RegistryName DENIED = RegistryName.of("secret");

  /** A registry whose storage is broken. */
  static final RegistryName BROKEN = RegistryName.of("broken");

  /** A registry whose database is down. */
  static final RegistryName UNAVAILABLE = RegistryName.of("unavailable");

  /** A registry whose requests wait until {@link #open()} lets them through. */
  static final RegistryName GATED = RegistryName.of("gated");

  private final CountDownLatch gate = new CountDownLatch(1);
  private final AtomicInteger waiting = new AtomicInteger();

  private static final Comparator<ServerListing> BY_NAME_THEN_VERSION =
      Comparator.comparing((ServerListing l) -> l.name().value())
          .thenComparing(l -> l.version().value());

  private final Map<RegistryName, List<ServerListing>> registries = new LinkedHashMap<>();
  private final AtomicReference<ListServersQuery> lastQuery = new AtomicReference<>();
  private final AtomicInteger pagesComputed = new AtomicInteger();

  FakeBrowseCatalog with(RegistryName registry, ServerListing... listings) {
    registries.computeIfAbsent(registry, r -> new ArrayList<>()).addAll(List.of(listings));
    return this;
  }

  ListServersQuery lastQuery() {
    return lastQuery.get();
  }

  @Override
  public RegistryName defaultRegistry() {
    return DEFAULT;
  }

  private static final JsonServedVersionEncoder ENCODER = new JsonServedVersionEncoder();
  private final AtomicLong generation = new AtomicLong(1);
  private volatile boolean restricted;

  @Override
  public OptionalLong generation(RegistryName registry) {
    // The registries that fail or wait must reach listServers every time.
    boolean plain =
        registries.containsKey(registry)
            && !List.of(DENIED, BROKEN, UNAVAILABLE, GATED).contains(registry);
    return plain ? OptionalLong.of(generation.get()) : OptionalLong.empty();
  }

  /** Moves the generation, as a sync that changed the catalog would. */
  FakeBrowseCatalog moveGeneration() {
    generation.incrementAndGet();
    return this;
  }

  /**
   * Makes answers depend on the caller, as claims on the registry or its entries would; like every
   * change to what a registry serves, it moves the generation.
   */
  FakeBrowseCatalog restricted() {
    restricted = true;
    generation.incrementAndGet();
    return this;
  }

  private <T> CatalogAnswer<T> answer(T value) {
    return new CatalogAnswer<>(value, generation.get(), restricted);
  }

  private static ServedVersion served(ServerListing listing) {
    return new ServedVersion(
        listing.name(), listing.version(), listing.meta(), ENCODER.encode(listing));
  }

  /** How many times a page was computed. */
  int pagesComputed() {
    return pagesComputed.get();
  }

  @Override
  public boolean servesRegistry(RegistryName registry) {
    return registries.containsKey(registry)
        || List.of(DENIED, BROKEN, UNAVAILABLE, GATED).contains(registry);
  }

  @Override
  public CatalogAnswer<Page<ServedVersion>> listServers(ListServersQuery query) {
    pagesComputed.incrementAndGet();
    lastQuery.set(query);
    Predicate<ServerListing> visible = l -> query.includeDeleted() || !isDeleted(l);
    Predicate<ServerListing> filter =
        visible
            .and(l -> query.search().map(s -> l.name().value().contains(s)).orElse(true))
            .and(l -> query.updatedSince().map(t -> l.meta().updatedAt().isAfter(t)).orElse(true))
            .and(l -> query.version().map(v -> selects(v, l)).orElse(true))
            .and(l -> query.cursor().map(c -> isAfter(l, c)).orElse(true));
    List<ServerListing> matching =
        registry(query.registry()).stream().filter(filter).sorted(BY_NAME_THEN_VERSION).toList();
    List<ServerListing> page = matching.subList(0, Math.min(query.limit(), matching.size()));
    ServerListing last = page.isEmpty() ? null : page.get(page.size() - 1);
    return answer(
        new Page<>(
            page.stream().map(FakeBrowseCatalog::served).toList(),
            matching.size() > page.size()
                ? Optional.of(new Cursor(last.name(), last.version()))
                : Optional.empty()));
  }

  @Override
  public CatalogAnswer<List<ServedVersion>> listVersions(
      RegistryName registry, ServerName name, boolean includeDeleted, Caller caller) {
    List<ServerListing> versions =
        registry(registry).stream()
            .filter(l -> l.name().equals(name) && (includeDeleted || !isDeleted(l)))
            .sorted(Comparator.comparing((ServerListing l) -> l.meta().publishedAt()).reversed())
            .toList();
    if (versions.isEmpty()) {
      throw new ServerNotFoundException(name, null);
    }
    return answer(versions.stream().map(FakeBrowseCatalog::served).toList());
  }

  @Override
  public CatalogAnswer<ServedVersion> getVersion(
      RegistryName registry,
      ServerName name,
      VersionSelector version,
      boolean includeDeleted,
      Caller caller) {
    return answer(
        served(
            registry(registry).stream()
                .filter(l -> l.name().equals(name) && selects(version, l))
                .filter(l -> includeDeleted || !isDeleted(l))
                .findFirst()
                .orElseThrow(
                    () ->
                        new ServerNotFoundException(
                            name, version.exact().map(v -> v.value()).orElse("latest")))));
  }

  /** How many requests wait at the gate right now. */
  int waitingAtTheGate() {
    return waiting.get();
  }

  /** Lets every gated request through, now and later. */
  void open() {
    gate.countDown();
  }

  private List<ServerListing> registry(RegistryName name) {
    if (name.equals(DENIED)) {
      throw new RegistryAccessDeniedException(name);
    }
    if (name.equals(BROKEN)) {
      throw new IllegalStateException("connection to 10.0.0.7:5432 refused (password=hunter2)");
    }
    if (name.equals(UNAVAILABLE)) {
      throw new StorageUnavailableException(
          "PostgreSQL is unavailable: Connection to 10.0.0.7:5432 refused", null);
    }
    if (name.equals(GATED)) {
      waiting.incrementAndGet();
      try {
        if (!gate.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never opened the gate");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        waiting.decrementAndGet();
      }
      return List.of();
    }
    List<ServerListing> listings = registries.get(name);
    if (listings == null) {
      throw new RegistryNotFoundException(name);
    }
    return listings;
  }

  private static boolean selects(VersionSelector selector, ServerListing listing) {
    return selector.exact().map(listing.version()::equals).orElse(listing.meta().latest());
  }

  private static boolean isAfter(ServerListing listing, Cursor cursor) {
    return BY_NAME_THEN_VERSION.compare(
            listing, new ServerListing(cursor.name(), cursor.version(), "{}", listing.meta()))
        > 0;
  }

  private static boolean isDeleted(ServerListing listing) {
    return listing.meta().status() == ServerStatus.DELETED;
  }
}
