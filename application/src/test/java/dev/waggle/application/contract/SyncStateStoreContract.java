package dev.waggle.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.out.SyncState;
import dev.waggle.application.port.out.SyncState.Phase;
import dev.waggle.application.port.out.SyncStateStore;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Port contract: what every {@link SyncStateStore} keeps per source and how its leases behave. The
 * times are far ahead of the store's own clock, so that a source's first attempt is due.
 */
public abstract class SyncStateStoreContract extends StorageContract {
  private static final Instant T0 = Instant.parse("2100-01-01T00:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final SourceName A = SourceName.of("a");
  private static final SourceName B = SourceName.of("b");
  private static final SourceName C = SourceName.of("c");

  private SyncStateStore states() {
    return storage.syncStates();
  }

  private static SyncState failed(Instant nextAttempt) {
    return new SyncState(
        Phase.FAILED,
        Optional.of(SyncState.Outcome.FAILED),
        Optional.of("sha256:old"),
        Optional.of("fingerprint"),
        Optional.of(T0.minusSeconds(60)),
        Optional.of(T0.minusSeconds(59)),
        Optional.of(T0.minusSeconds(3600)),
        2,
        nextAttempt,
        7,
        3,
        1,
        "cannot read: gone",
        List.of(new EntryRejection(3, "io.x/bad", "version", "x", "not a version")));
  }

  @Test
  void aNewSyncedSourceWaitsForItsFirstSyncAndAManagedSourceHasNoState() {
    storage
        .registries()
        .applyConfiguration(
            new CatalogLayout(
                List.of(fileSource("a"), kubernetesSource("cluster"), managedSource("publish")),
                List.of(registry("main", Claims.NONE, "a", "cluster", "publish")),
                null));

    SyncState state = states().find(A).orElseThrow();
    assertThat(state.phase()).isEqualTo(Phase.PENDING);
    assertThat(state.contentHash()).isEmpty();
    assertThat(state.lastSuccess()).isEmpty();
    assertThat(state.attemptCount()).isZero();
    assertThat(state.nextAttempt()).isBefore(T0);
    assertThat(states().find(SourceName.of("cluster")))
        .hasValueSatisfying(cluster -> assertThat(cluster.phase()).isEqualTo(Phase.PENDING));
    assertThat(states().find(SourceName.of("publish"))).isEmpty();
    assertThat(states().find(SourceName.of("nowhere"))).isEmpty();
  }

  @Test
  void aRecordedStateReadsBackInFull() {
    layout("main", "a");
    SyncState recorded = failed(T0.plusSeconds(30));

    states().record(A, recorded);

    assertThat(states().find(A)).contains(recorded);
  }

  @Test
  void claimDueTakesOnlyDueSourcesEarliestFirstAndAtMostMax() {
    layout("main", "a", "b", "c");
    states().record(A, failed(T0.plusSeconds(20)));
    states().record(B, failed(T0.plusSeconds(10)));
    states().record(C, failed(T0.plusSeconds(3600)));

    assertThat(states().claimDue(T0.plusSeconds(60), LEASE, 0)).isEmpty();
    assertThat(states().claimDue(T0.plusSeconds(60), LEASE, 1)).containsExactly(B);
    assertThat(states().claimDue(T0.plusSeconds(60), LEASE, 5)).containsExactly(A);
    assertThat(states().find(A).orElseThrow().phase()).isEqualTo(Phase.SYNCING);
    assertThat(states().find(C).orElseThrow().phase()).isEqualTo(Phase.FAILED);
  }

  @Test
  void aLeasedSourceCannotBeClaimedAgainUntilTheLeaseRunsOut() {
    layout("main", "a");
    states().record(A, failed(T0));

    assertThat(states().claimDue(T0, LEASE, 5)).containsExactly(A);
    assertThat(states().claimDue(T0.plusSeconds(1), LEASE, 5)).isEmpty();
    assertThat(states().claim(A, T0.plusSeconds(1), LEASE)).isEmpty();
    assertThat(states().claimDue(T0.plus(LEASE), LEASE, 5)).containsExactly(A);
  }

  @Test
  void claimTakesASourceWhateverItsScheduleAndAnswersItsStateAsSyncing() {
    layout("main", "a");
    states().record(A, failed(T0.plusSeconds(3600)));

    SyncState claimed = states().claim(A, T0, LEASE).orElseThrow();

    assertThat(claimed.phase()).isEqualTo(Phase.SYNCING);
    assertThat(claimed.contentHash()).contains("sha256:old");
    assertThat(claimed.attemptCount()).isEqualTo(2);
    assertThat(states().claim(SourceName.of("nowhere"), T0, LEASE)).isEmpty();
  }

  @Test
  void recordingEndsTheLease() {
    layout("main", "a");
    states().record(A, failed(T0));
    states().claimDue(T0, LEASE, 5);

    states().record(A, failed(T0.plusSeconds(1)));

    assertThat(states().claimDue(T0.plusSeconds(2), LEASE, 5)).containsExactly(A);
  }

  @Test
  void makeDueBringsTheNextAttemptForwardOnlyAndKeepsTheRest() {
    layout("main", "a", "b");
    states().record(A, failed(T0.plusSeconds(3600)));
    states().record(B, failed(T0.minusSeconds(3600)));

    states().makeDue(A, T0);
    states().makeDue(B, T0);
    states().makeDue(SourceName.of("nowhere"), T0);

    assertThat(states().find(A).orElseThrow()).isEqualTo(failed(T0));
    assertThat(states().find(B).orElseThrow()).isEqualTo(failed(T0.minusSeconds(3600)));
  }

  @Test
  void releaseFreesTheLeaseAndRestoresThePhaseBeforeTheClaim() {
    layout("main", "a", "b");
    states().record(A, failed(T0));
    states().claimDue(T0, LEASE, 5);

    states().release(List.of(A, B));

    assertThat(states().find(A).orElseThrow().phase()).isEqualTo(Phase.FAILED);
    assertThat(states().find(B).orElseThrow().phase()).isEqualTo(Phase.PENDING);
    assertThat(states().claim(A, T0.plusSeconds(1), LEASE)).isPresent();
  }
}
