package dev.waggle.application.testing;

import dev.waggle.application.port.out.CatalogChanges;
import dev.waggle.application.port.out.ServedCatalogStore;
import dev.waggle.application.port.out.ServedVersionEncoder;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.OfficialMeta;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.registry.RegistryName;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Port fake: served catalogs held in memory, written whole per registry with a new generation, and
 * a change feed the test fires by hand; counts loads so tests can tell a reload happened.
 */
public final class InMemoryServedCatalogStore implements ServedCatalogStore, CatalogChanges {
  /** Encodes a version as its document text, so tests can read back what they stored. */
  public static final ServedVersionEncoder DOCUMENT_TEXT =
      listing -> listing.document().getBytes(StandardCharsets.UTF_8);

  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final Map<RegistryName, Stored> registries = new LinkedHashMap<>();
  private final List<Consumer<Optional<RegistryName>>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicInteger loads = new AtomicInteger();
  private long generation;
  private RuntimeException failure;

  private record Stored(StoredRegistry registry, List<ServedRow> rows) {}

  /** Replaces a registry's served catalog and moves its generation, without telling anyone. */
  public synchronized void put(RegistryName name, Claims claims, List<ServedRow> rows) {
    registries.put(name, new Stored(new StoredRegistry(name, ++generation, claims), rows));
  }

  public synchronized void remove(RegistryName name) {
    registries.remove(name);
  }

  /** Every later read fails with {@code failure}, until called with null. */
  public synchronized void failWith(RuntimeException failure) {
    this.failure = failure;
  }

  /** Tells subscribers that a registry moved, as the storage adapter would after a commit. */
  public void announce(RegistryName name) {
    listeners.forEach(l -> l.accept(Optional.of(name)));
  }

  public int loads() {
    return loads.get();
  }

  @Override
  public synchronized Map<RegistryName, Long> generations() {
    failIfAsked();
    Map<RegistryName, Long> generations = new LinkedHashMap<>();
    registries.forEach((name, stored) -> generations.put(name, stored.registry().generation()));
    return generations;
  }

  @Override
  public synchronized Optional<StoredRegistry> load(
      RegistryName registry, Consumer<ServedRow> rows) {
    failIfAsked();
    loads.incrementAndGet();
    Stored stored = registries.get(registry);
    if (stored == null) {
      return Optional.empty();
    }
    new ArrayList<>(stored.rows()).forEach(rows);
    return Optional.of(stored.registry());
  }

  @Override
  public Subscription subscribe(Consumer<Optional<RegistryName>> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void failIfAsked() {
    if (failure != null) {
      throw failure;
    }
  }

  /** A served row: one version of the candidate at {@code rank} for {@code name}. */
  public static ServedRow row(
      String name,
      int rank,
      Claims claims,
      String version,
      ServerStatus status,
      boolean latest,
      int updatedMinute) {
    return row(name, rank, claims, version, status, latest, updatedMinute, null, null);
  }

  public static ServedRow row(
      String name,
      int rank,
      Claims claims,
      String version,
      ServerStatus status,
      boolean latest,
      int updatedMinute,
      String title,
      String description) {
    Instant updated = T0.plusSeconds(60L * updatedMinute);
    String document =
        "{\"name\":\"" + name + "\",\"version\":\"" + version + "\",\"rank\":" + rank + "}";
    return new ServedRow(
        ServerName.of(name),
        rank,
        claims,
        new ServerListing(
            ServerName.of(name),
            Version.of(version),
            document,
            new OfficialMeta(status, null, updated, updated, updated, latest)),
        title,
        description);
  }

  /** One live version, latest, of the best candidate, without claims. */
  public static ServedRow row(String name, String version) {
    return row(name, 0, Claims.NONE, version, ServerStatus.ACTIVE, true, 0);
  }
}
