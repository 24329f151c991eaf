package dev.waggle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.application.port.in.ConflictException;
import dev.waggle.application.port.out.ManagedEntryStore.StoredVersion;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.EntryType;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.extension.ExtensionId;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionStatus;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Publishing into the managed source on the real embedded PostgreSQL: each write served at once by
 * the registries over the source, the latest pointer, duplicates refused by the database even under
 * a race, and per-entry claims that a configuration re-applied leaves alone.
 */
class ManagedEntryStoreTest {
  private static final RegistryName MAIN = RegistryName.of("main");
  private static final SourceName PUBLISHED = SourceName.of("published");
  private static final ServerName SRV = ServerName.of("io.example/srv");
  private static final Claims PLATFORM = Claims.of("team", "platform");
  private static final Claims DATA = Claims.of("team", "data");
  private static final Consumer<Claims> ANYONE = claims -> {};

  private TestCatalog catalog;
  private JdbiManagedEntryStore store;

  @BeforeEach
  void managedSourceBeforeASyncedOne() {
    catalog = TestCatalog.migrated();
    store = new JdbiManagedEntryStore(catalog.storage.jdbi(), catalog.changes);
    layout(Claims.NONE, Claims.NONE);
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  private void layout(Claims managedClaims, Claims registryClaims) {
    catalog.registries.applyConfiguration(
        new CatalogLayout(
            List.of(
                new SourceDefinition(
                    PUBLISHED,
                    new SourceKind.Managed(),
                    Optional.empty(),
                    EntryFilter.NONE,
                    managedClaims),
                TestCatalog.fileSource("synced")),
            List.of(
                new RegistryDefinition(
                    MAIN, List.of(PUBLISHED, SourceName.of("synced")), registryClaims)),
            null));
  }

  private StoredVersion publish(String version, Claims claims) {
    return store.publishServer(
        PUBLISHED,
        TestCatalog.manifest(
            SRV.value(), version, null, "A server", ServerStatus.ACTIVE, claims, ""),
        ANYONE);
  }

  private Optional<String> latest(Caller caller) {
    return catalog
        .findVersion(MAIN, SRV, VersionSelector.LATEST, false, caller)
        .map(l -> l.version().value());
  }

  private List<String> versions() {
    return catalog.listVersions(MAIN, SRV, false, Caller.anonymous()).stream()
        .map(l -> l.version().value())
        .toList();
  }

  @Test
  void aPublishedVersionIsServedAtOnceAndBecomesLatestOnlyWhenNewer() {
    assertThat(publish("1.0.0", Claims.NONE).latest()).isTrue();
    assertThat(latest(Caller.anonymous())).contains("1.0.0");

    assertThat(publish("0.9.0", Claims.NONE).latest()).isFalse();
    assertThat(latest(Caller.anonymous())).contains("1.0.0");

    StoredVersion newer = publish("1.1.0", Claims.NONE);
    assertThat(newer.latest()).isTrue();
    assertThat(latest(Caller.anonymous())).contains("1.1.0");
    assertThat(versions()).containsExactlyInAnyOrder("0.9.0", "1.0.0", "1.1.0");
  }

  @Test
  void deletingTheLatestMovesItBackAndTheLastVersionLeavesTheSyncedSourceServed() {
    catalog.replace("synced", TestCatalog.server(SRV.value(), "5.0.0"));
    publish("1.0.0", Claims.NONE);
    publish("2.0.0", Claims.NONE);
    assertThat(versions()).containsExactlyInAnyOrder("1.0.0", "2.0.0");

    assertThat(store.deleteVersion(PUBLISHED, EntryType.SERVER, SRV.value(), "2.0.0", ANYONE))
        .isTrue();
    assertThat(latest(Caller.anonymous())).contains("1.0.0");
    assertThat(store.deleteVersion(PUBLISHED, EntryType.SERVER, SRV.value(), "2.0.0", ANYONE))
        .isFalse();

    assertThat(store.deleteVersion(PUBLISHED, EntryType.SERVER, SRV.value(), "1.0.0", ANYONE))
        .isTrue();
    // The managed source no longer holds the name: the next source in the registry serves it.
    assertThat(versions()).containsExactly("5.0.0");
    assertThat(store.claims(PUBLISHED, EntryType.SERVER, SRV.value())).isEmpty();
  }

  @Test
  void aCheckThatRefusesLeavesNothingWritten() {
    publish("1.0.0", PLATFORM);
    Consumer<Claims> refuse =
        existing -> {
          throw new ConflictException("refused with " + existing.values());
        };

    assertThatThrownBy(
            () ->
                store.publishServer(
                    PUBLISHED, TestCatalog.server(SRV.value(), "2.0.0").withClaims(DATA), refuse))
        .hasMessageContaining("platform");
    assertThatThrownBy(
            () -> store.deleteVersion(PUBLISHED, EntryType.SERVER, SRV.value(), "1.0.0", refuse))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(
            () -> store.replaceClaims(PUBLISHED, EntryType.SERVER, SRV.value(), DATA, refuse))
        .isInstanceOf(ConflictException.class);

    assertThat(versions()).containsExactly("1.0.0");
    assertThat(store.claims(PUBLISHED, EntryType.SERVER, SRV.value())).contains(PLATFORM);
  }

  @Test
  void ofManyPublishersOfOneVersionRacingExactlyOneWins() throws Exception {
    int racers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<StoredVersion>> results = new ArrayList<>();
    try {
      for (int i = 0; i < racers; i++) {
        Callable<StoredVersion> racer =
            () -> {
              start.await();
              return publish("1.0.0", Claims.NONE);
            };
        results.add(pool.submit(racer));
      }
      start.countDown();
      int won = 0;
      List<String> refusals = new ArrayList<>();
      for (Future<StoredVersion> result : results) {
        try {
          result.get(30, TimeUnit.SECONDS);
          won++;
        } catch (ExecutionException e) {
          refusals.add(e.getCause().getMessage());
        }
      }
      assertThat(won).isEqualTo(1);
      assertThat(refusals)
          .hasSize(racers - 1)
          .allMatch(m -> m.equals("version already exists: io.example/srv@1.0.0"));
    } finally {
      pool.shutdownNow();
    }
    assertThat(versions()).containsExactly("1.0.0");
  }

  @Test
  void perEntryClaimsSurviveTheConfigurationBeingAppliedAgainWithOtherSourceClaims() {
    publish("1.0.0", PLATFORM);

    // A restart with the managed source now tagged: ToolHive would stamp its claims on the entry.
    layout(Claims.of("org", "acme"), Claims.NONE);
    layout(Claims.of("org", "acme"), Claims.NONE);

    assertThat(store.claims(PUBLISHED, EntryType.SERVER, SRV.value())).contains(PLATFORM);
  }

  @Test
  void changedClaimsAreServedAtOnce() {
    layout(Claims.NONE, TestCatalog.ANY_TEAM);
    publish("1.0.0", PLATFORM);
    Caller data = Caller.withClaims(DATA);
    assertThat(latest(data)).isEmpty();
    assertThat(latest(Caller.withClaims(PLATFORM))).contains("1.0.0");

    assertThat(store.replaceClaims(PUBLISHED, EntryType.SERVER, SRV.value(), DATA, ANYONE))
        .isTrue();

    assertThat(latest(data)).contains("1.0.0");
    assertThat(latest(Caller.withClaims(PLATFORM))).isEmpty();
    assertThat(store.replaceClaims(PUBLISHED, EntryType.SERVER, "io.example/none", DATA, ANYONE))
        .isFalse();
  }

  @Test
  void skillsKeepOneLatestPerNameAndOneNamespacePerName() {
    JdbiExtensionCatalogStore served = new JdbiExtensionCatalogStore(catalog.storage.jdbi());
    assertThat(store.publishExtension(PUBLISHED, skill("io.acme", "2.0.0"), ANYONE).latest())
        .isTrue();
    assertThat(store.publishExtension(PUBLISHED, skill("io.acme", "1.0.0"), ANYONE).latest())
        .isFalse();
    assertThatThrownBy(() -> store.publishExtension(PUBLISHED, skill("io.acme", "1.0.0"), ANYONE))
        .hasMessage("version already exists: pdf@1.0.0");
    assertThatThrownBy(() -> store.publishExtension(PUBLISHED, skill("io.other", "3.0.0"), ANYONE))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("already published under namespace 'io.acme'");

    assertThat(latestSkill(served)).contains("2.0.0");
    assertThat(store.deleteVersion(PUBLISHED, EntryType.SKILL, "pdf", "2.0.0", ANYONE)).isTrue();
    assertThat(latestSkill(served)).contains("1.0.0");
    assertThat(store.replaceClaims(PUBLISHED, EntryType.SKILL, "pdf", DATA, ANYONE)).isTrue();
    assertThat(store.claims(PUBLISHED, EntryType.SKILL, "pdf")).contains(DATA);
    assertThat(store.claims(PUBLISHED, EntryType.PLUGIN, "pdf")).isEmpty();
    assertThat(store.deleteVersion(PUBLISHED, EntryType.SKILL, "pdf", "1.0.0", ANYONE)).isTrue();
    assertThat(latestSkill(served)).isEmpty();
  }

  private static ExtensionEntry skill(String namespace, String version) {
    return ExtensionStorageTest.entry(
        ExtensionKind.SKILL, namespace, "pdf", version, ExtensionStatus.ACTIVE);
  }

  private static Optional<String> latestSkill(JdbiExtensionCatalogStore served) {
    return served
        .version(MAIN, ExtensionKind.SKILL, ExtensionId.of("io.acme", "pdf"), Optional.empty())
        .map(e -> e.version().value());
  }
}
