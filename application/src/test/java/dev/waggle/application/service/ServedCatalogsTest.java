package dev.waggle.application.service;

import static dev.waggle.application.testing.InMemoryServedCatalogStore.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.application.testing.InMemoryServedCatalogStore;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.registry.RegistryName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServedCatalogsTest {
  private static final RegistryName MAIN = RegistryName.of("main");
  private final InMemoryServedCatalogStore store = new InMemoryServedCatalogStore();
  private ServedCatalogs catalogs;

  private ServedCatalogs started(Duration checkPeriod) {
    catalogs =
        new ServedCatalogs(store, store, InMemoryServedCatalogStore.DOCUMENT_TEXT, checkPeriod);
    catalogs.start();
    return catalogs;
  }

  @AfterEach
  void stop() {
    if (catalogs != null) {
      catalogs.close();
    }
  }

  private long generation() {
    return catalogs.snapshot(MAIN).orElseThrow().generation();
  }

  private static void eventually(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(10);
    }
  }

  @Test
  void givenNewsOfAChange_whenItArrives_thenTheNewGenerationIsServedBeforeTheNewsReturns() {
    store.put(MAIN, Claims.NONE, List.of(row("io.acme/a", "1.0.0")));
    started(Duration.ofHours(1));
    long before = generation();

    store.put(MAIN, Claims.NONE, List.of(row("io.acme/a", "2.0.0")));
    store.announce(MAIN);

    assertThat(generation()).isGreaterThan(before);
    assertThat(catalogs.snapshot(MAIN).orElseThrow().versionCount()).isEqualTo(1);
  }

  @Test
  void givenNoNews_whenTheGenerationMoves_thenThePeriodicCheckPicksItUp() throws Exception {
    store.put(MAIN, Claims.NONE, List.of(row("io.acme/a", "1.0.0")));
    started(Duration.ofMillis(20));
    long before = generation();

    store.put(MAIN, Claims.NONE, List.of(row("io.acme/a", "2.0.0")));

    eventually(() -> generation() > before);
  }

  @Test
  void anUnchangedGenerationIsNotLoadedAgain() {
    store.put(MAIN, Claims.NONE, List.of(row("io.acme/a", "1.0.0")));
    started(Duration.ofHours(1));
    int loads = store.loads();

    store.announce(MAIN);
    catalogs.refresh();

    assertThat(store.loads()).isEqualTo(loads);
  }

  @Test
  void aRegistryThatIsGoneIsForgottenAndANewOneIsLoaded() {
    store.put(MAIN, Claims.NONE, List.of(row("io.acme/a", "1.0.0")));
    started(Duration.ofHours(1));
    RegistryName other = RegistryName.of("other");

    store.remove(MAIN);
    store.put(other, Claims.NONE, List.of());
    catalogs.refresh();

    assertThat(catalogs.snapshot(MAIN)).isEmpty();
    assertThat(catalogs.snapshot(other)).isPresent();
  }

  @Test
  void givenStorageFailing_whenNewsArrives_thenTheLastSnapshotStaysServed() {
    store.put(MAIN, Claims.NONE, List.of(row("io.acme/a", "1.0.0")));
    started(Duration.ofHours(1));
    long before = generation();

    store.failWith(new IllegalStateException("database is down"));
    store.announce(MAIN);

    assertThat(generation()).isEqualTo(before);
    assertThatThrownBy(catalogs::refresh).hasMessageContaining("database is down");
  }

  @Test
  void aReplicaThatCannotReadItsCatalogDoesNotStart() {
    store.failWith(new IllegalStateException("database is down"));

    assertThatThrownBy(() -> started(Duration.ofHours(1))).hasMessageContaining("database is down");
  }
}
