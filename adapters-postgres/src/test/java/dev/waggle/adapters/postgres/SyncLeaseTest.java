package dev.waggle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.adapters.postgres.testing.EmbeddedPostgresFixture;
import dev.waggle.application.port.out.RegistryEntry;
import dev.waggle.application.port.out.RegistryRecord;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.application.port.out.SourceEntry;
import dev.waggle.application.port.out.SourceReader;
import dev.waggle.application.port.out.SourceRecord;
import dev.waggle.application.port.out.StorageUnavailableException;
import dev.waggle.application.port.out.SyncState;
import dev.waggle.application.service.SyncService;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import dev.waggle.domain.source.SourceSnapshot;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sync leases between Waggle processes sharing one PostgreSQL: a lease of a live process holds, a
 * lease of a dead one is free at once, and a round that breaks gives its leases back.
 */
class SyncLeaseTest {
  private static final Duration LEASE = Duration.ofMinutes(10);
  private static final SourceName A = SourceName.of("a");
  private static final SourceName B = SourceName.of("b");
  private static final SourceName C = SourceName.of("c");

  private TestCatalog first;
  private PostgresStorage secondStorage;
  private JdbiSyncStateStore second;
  private Instant now;

  @BeforeEach
  void twoProcessesOnOneDatabase() {
    first = TestCatalog.migrated();
    secondStorage = new PostgresStorage(first.settings);
    second = new JdbiSyncStateStore(secondStorage.jdbi(), secondStorage.liveness());
    List<SourceDefinition> sources =
        List.of(
            TestCatalog.fileSource("a"), TestCatalog.fileSource("b"), TestCatalog.fileSource("c"));
    first.registries.applyConfiguration(
        new CatalogLayout(
            sources,
            List.of(new RegistryDefinition(RegistryName.of("r"), List.of(A, B, C), Claims.NONE)),
            null));
    now = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MICROS);
  }

  @AfterEach
  void close() {
    secondStorage.close();
    first.close();
  }

  @Test
  void givenALeaseOfALiveProcess_whenAnotherProcessClaims_thenTheLeaseIsRespected() {
    assertThat(first.syncStates.claim(A, now, LEASE)).isPresent();

    assertThat(second.claim(A, now.plusSeconds(1), LEASE)).isEmpty();
    assertThat(second.claimDue(now.plusSeconds(1), LEASE, 10)).containsExactly(B, C);
  }

  @Test
  void givenALeaseOfAProcessWhoseDatabaseSessionIsGone_whenAnotherClaims_thenItIsTakenOverAtOnce()
      throws InterruptedException {
    assertThat(first.syncStates.claimDue(now, LEASE, 10)).containsExactly(A, B, C);

    // What PostgreSQL sees when a process dies: its sessions end, and their locks with them.
    first.storage.liveness().close();

    List<SourceName> taken = List.of();
    for (int i = 0; i < 100 && taken.isEmpty(); i++) {
      // The server ends the session a moment after the client hung up.
      Thread.sleep(50);
      taken = second.claimDue(now.plusSeconds(1), LEASE, 10);
    }
    assertThat(taken).containsExactly(A, B, C);
    assertThat(second.claim(A, now.plusSeconds(2), LEASE)).isEmpty();
  }

  @Test
  void givenAProcessThatLostItsDatabaseSession_whenItClaimsAgain_thenItsOldLeasesCountAsOrphaned()
      throws InterruptedException, SQLException {
    assertThat(first.syncStates.claim(A, now, LEASE)).isPresent();

    // The session ends under a running process, as when PostgreSQL restarts.
    try (Connection admin = EmbeddedPostgresFixture.superuserConnection();
        Statement kill = admin.createStatement()) {
      kill.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE application_name = 'waggle-liveness' AND usename = '"
              + first.settings.user()
              + "'");
    }

    Optional<SyncState> again = Optional.empty();
    for (int i = 0; i < 100 && again.isEmpty(); i++) {
      Thread.sleep(50);
      again = first.syncStates.claim(A, now.plusSeconds(1), LEASE);
    }
    assertThat(again).isPresent();
  }

  @Test
  void givenAClaimedSource_whenItIsReleased_thenItKeepsItsPhaseAndCanBeClaimedAgainAtOnce() {
    assertThat(first.syncStates.claimDue(now, LEASE, 10)).containsExactly(A, B, C);

    first.syncStates.release(List.of(A, B));

    assertThat(first.syncStates.find(A).orElseThrow().phase()).isEqualTo(SyncState.Phase.PENDING);
    assertThat(first.syncStates.find(C).orElseThrow().phase()).isEqualTo(SyncState.Phase.SYNCING);
    assertThat(second.claimDue(now.plusSeconds(1), LEASE, 10)).containsExactly(A, B);
  }

  @Test
  void givenAStorageFailureInTheMiddleOfASyncRound_whenTheRoundEnds_thenNoSourceStaysLeased() {
    // The configuration store fails on the second source, as a pool running dry would.
    RegistryStore failingOnB =
        new RegistryStore() {
          @Override
          public void applyConfiguration(CatalogLayout layout) {
            first.registries.applyConfiguration(layout);
          }

          @Override
          public Optional<RegistryDefinition> findRegistry(RegistryName name) {
            return first.registries.findRegistry(name);
          }

          @Override
          public List<RegistryDefinition> listRegistries() {
            return first.registries.listRegistries();
          }

          @Override
          public Optional<SourceDefinition> findSource(SourceName name) {
            if (name.equals(B)) {
              throw new StorageUnavailableException("connection is not available", null);
            }
            return first.registries.findSource(name);
          }

          @Override
          public List<SourceDefinition> listSources() {
            return first.registries.listSources();
          }

          @Override
          public Optional<SourceRecord> sourceRecord(SourceName name) {
            return first.registries.sourceRecord(name);
          }

          @Override
          public List<SourceRecord> sourceRecords() {
            return first.registries.sourceRecords();
          }

          @Override
          public Optional<RegistryRecord> registryRecord(RegistryName name) {
            return first.registries.registryRecord(name);
          }

          @Override
          public List<RegistryRecord> registryRecords() {
            return first.registries.registryRecords();
          }

          @Override
          public boolean putApiSource(SourceDefinition source) {
            return first.registries.putApiSource(source);
          }

          @Override
          public boolean deleteApiSource(SourceName name) {
            return first.registries.deleteApiSource(name);
          }

          @Override
          public boolean putApiRegistry(RegistryDefinition registry) {
            return first.registries.putApiRegistry(registry);
          }

          @Override
          public boolean deleteApiRegistry(RegistryName name) {
            return first.registries.deleteApiRegistry(name);
          }

          @Override
          public List<SourceEntry> sourceEntries(SourceName name) {
            return first.registries.sourceEntries(name);
          }

          @Override
          public List<RegistryEntry> registryEntries(RegistryName name) {
            return first.registries.registryEntries(name);
          }
        };
    SourceReader reader =
        new SourceReader() {
          @Override
          public boolean supports(SourceKind kind) {
            return true;
          }

          @Override
          public SourceSnapshot read(SourceDefinition source) {
            return new SourceSnapshot(
                List.of(TestCatalog.server("io.example/" + source.name(), "1.0.0")),
                List.of(),
                "hash-" + source.name());
          }
        };
    SyncService sync =
        new SyncService(
            failingOnB, first.syncStates, first.entries, List.of(reader), Clock.systemUTC());

    assertThatThrownBy(sync::syncDue).isInstanceOf(StorageUnavailableException.class);

    assertThat(first.syncStates.find(A).orElseThrow().phase()).isEqualTo(SyncState.Phase.COMPLETE);
    assertThat(first.syncStates.find(B).orElseThrow().phase()).isEqualTo(SyncState.Phase.PENDING);
    assertThat(first.syncStates.find(C).orElseThrow().phase()).isEqualTo(SyncState.Phase.PENDING);
    assertThat(second.claimDue(Instant.now().plusSeconds(1), LEASE, 10)).containsExactly(B, C);
  }
}
