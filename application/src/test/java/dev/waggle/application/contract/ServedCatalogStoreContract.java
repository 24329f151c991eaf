package dev.waggle.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.out.ServedCatalogStore;
import dev.waggle.application.port.out.ServedCatalogStore.ServedRow;
import dev.waggle.application.port.out.ServedCatalogStore.SourceSize;
import dev.waggle.application.port.out.ServedCatalogStore.StoredChanges;
import dev.waggle.application.port.out.SyncState;
import dev.waggle.application.port.out.SyncState.Outcome;
import dev.waggle.application.port.out.SyncState.Phase;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Port contract: what every {@link ServedCatalogStore} serves — each name's candidates ranked by
 * precedence, with their claims and versions, generations that move with every change, and what
 * changed since a generation, by name, for replicas that follow a registry.
 */
public abstract class ServedCatalogStoreContract extends StorageContract {

  @Test
  void aRegistryThatDoesNotExistLoadsAsEmptyAndCallsNoRow() {
    layout("main", "files");

    assertThat(
            storage
                .served()
                .load(
                    RegistryName.of("nowhere"),
                    row -> {
                      throw new AssertionError("no row expected: " + row);
                    }))
        .isEmpty();
  }

  @Test
  void everyConfiguredRegistryHasAGeneration() {
    storage
        .registries()
        .applyConfiguration(
            new CatalogLayout(
                List.of(fileSource("files")),
                List.of(
                    registry("main", Claims.NONE, "files"), registry("b", Claims.NONE, "files")),
                null));

    assertThat(storage.served().generations())
        .containsOnlyKeys(RegistryName.of("main"), RegistryName.of("b"));
  }

  @Test
  void eachSyncedSourcesSizeIsWhatItsLastRecordedSyncCounted_andAManagedSourceHasNone() {
    storage
        .registries()
        .applyConfiguration(
            new CatalogLayout(
                List.of(fileSource("files"), fileSource("idle"), managedSource("pushed")),
                List.of(registry("main", Claims.NONE, "files", "idle", "pushed")),
                null));
    Instant at = Instant.parse("2026-03-01T00:00:00Z");
    storage
        .syncStates()
        .record(
            SourceName.of("files"),
            new SyncState(
                Phase.COMPLETE,
                Optional.of(Outcome.UPDATED),
                Optional.of("hash"),
                Optional.empty(),
                Optional.of(at),
                Optional.of(at),
                Optional.of(at),
                0,
                at.plusSeconds(600),
                12,
                3,
                1,
                "Sync completed",
                List.of()));

    assertThat(storage.served().sourceSizes())
        .containsOnlyKeys(SourceName.of("files"), SourceName.of("idle"))
        .containsEntry(SourceName.of("files"), new SourceSize(12, 3, 1))
        .containsEntry(SourceName.of("idle"), new SourceSize(0, 0, 0));
  }

  @Test
  void givenANameInTwoSources_thenTheFirstSourceInTheRegistrysOrderRanksFirst() {
    layout("main", "second", "first");
    replace("first", server("io.x/a", "1.0.0", ServerStatus.ACTIVE, Claims.NONE, ",\"from\":1"));
    replace("second", server("io.x/a", "1.0.0", ServerStatus.ACTIVE, Claims.NONE, ",\"from\":2"));

    List<ServedRow> rows = rows("main");

    assertThat(ids("main")).containsExactly("io.x/a@1.0.0#0", "io.x/a@1.0.0#1");
    assertThat(rows.get(0).listing().document()).contains("\"from\":2");
    assertThat(rows.get(1).listing().document()).contains("\"from\":1");
  }

  @Test
  void givenANameRemovedFromTheFirstSource_thenTheNextSourceThatStillHasItRanksFirst() {
    layout("main", "first", "second");
    replace("first", server("io.x/a", "1.0.0", ServerStatus.ACTIVE, Claims.NONE, ",\"from\":1"));
    replace("second", server("io.x/a", "1.0.0", ServerStatus.ACTIVE, Claims.NONE, ",\"from\":2"));

    replace("first");

    List<ServedRow> rows = rows("main");
    assertThat(rows.get(0).listing().document()).contains("\"from\":2");
    assertThat(rows.get(0).listing().meta().status()).isEqualTo(ServerStatus.ACTIVE);
    assertThat(rows.get(1).listing().meta().status()).isEqualTo(ServerStatus.DELETED);
  }

  @Test
  void theRegistrysClaimsAndEachEntrysClaimsComeWithTheCatalog() {
    Claims team = Claims.of("team", "red");
    storage
        .registries()
        .applyConfiguration(
            new CatalogLayout(
                List.of(fileSource("files")), List.of(registry("main", team, "files")), null));
    replace(
        "files",
        server("io.x/a", "1.0.0", ServerStatus.ACTIVE, Claims.of("team", "blue"), ""),
        server("io.x/b", "1.0.0"));

    ServedCatalogStore.StoredRegistry stored =
        storage.served().load(RegistryName.of("main"), row -> {}).orElseThrow();

    assertThat(stored.claims()).isEqualTo(team);
    assertThat(stored.generation()).isEqualTo(generation("main"));
    assertThat(rows("main"))
        .extracting(ServedRow::claims)
        .containsExactly(Claims.of("team", "blue"), Claims.NONE);
    assertThat(rows("main"))
        .extracting(ServedRow::title, ServedRow::description)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Title of io.x/a", "A server called io.x/a"),
            org.assertj.core.groups.Tuple.tuple("Title of io.x/b", "A server called io.x/b"));
  }

  @Test
  void changingWhoMaySeeARegistryMovesItsGeneration() {
    layout("main", "files");
    long before = generation("main");

    storage
        .registries()
        .applyConfiguration(
            new CatalogLayout(
                List.of(fileSource("files")),
                List.of(registry("main", Claims.of("team", "red"), "files")),
                null));

    assertThat(generation("main")).isGreaterThan(before);
  }

  // ---- what changed since a generation

  @Test
  void givenWritesAfterAGeneration_whenChangesAreLoaded_thenEachTouchedNameComesWithAllItsRows() {
    layout("main", "first", "second");
    replace(
        "first",
        server("io.x/a", "1.0.0"),
        server("io.x/b", "1.0.0"),
        server("io.x/same", "1.0.0"));
    replace("second", server("io.x/a", "2.0.0"), server("io.x/c", "1.0.0"));
    long before = generation("main");

    replace(
        "first",
        server("io.x/a", "1.0.0", ServerStatus.ACTIVE, Claims.NONE, ",\"edited\":true"),
        server("io.x/same", "1.0.0"));
    replace(
        "second", server("io.x/a", "2.0.0"), server("io.x/c", "1.0.0"), server("io.x/d", "1.0.0"));

    List<ServedRow> rows = new ArrayList<>();
    StoredChanges changes = changes("main", before, rows).orElseThrow();
    assertThat(names(changes))
        .as("edited, removed and new names; not those written again unchanged")
        .containsExactlyInAnyOrder("io.x/a", "io.x/b", "io.x/d");
    assertThat(changes.registry().generation()).isEqualTo(generation("main"));
    assertThat(sorted(rows))
        .as("the rows of the changed names, every candidate's, as a whole load reads them")
        .isEqualTo(
            rows("main").stream().filter(r -> names(changes).contains(r.name().value())).toList());
    assertThat(rows)
        .filteredOn(r -> r.name().value().equals("io.x/b"))
        .extracting(r -> r.listing().meta().status())
        .containsExactly(ServerStatus.DELETED);
  }

  @Test
  void givenNothingChangedSinceAGeneration_whenChangesAreLoaded_thenNoNameAndNoRowComes() {
    layout("main", "files");
    replace("files", server("io.x/a", "1.0.0"));
    long before = generation("main");

    replace("files", server("io.x/a", "1.0.0"));

    StoredChanges changes = changes("main", before, failOnRow()).orElseThrow();
    assertThat(changes.names()).isEmpty();
    assertThat(changes.registry().generation()).isEqualTo(before);
  }

  @Test
  void givenALayoutChange_whenChangesSinceBeforeItAreAsked_thenTheWholeRegistryMustBeLoaded() {
    layout("main", "first", "second");
    replace("first", server("io.x/a", "1.0.0"));
    replace("second", server("io.x/a", "2.0.0"));
    long before = generation("main");

    layout("main", "second", "first");

    assertThat(generation("main")).isGreaterThan(before);
    assertThat(changes("main", before, failOnRow())).isEmpty();
    long afterLayout = generation("main");
    replace("first", server("io.x/a", "1.0.0"), server("io.x/b", "1.0.0"));
    assertThat(changes("main", afterLayout, new ArrayList<>()).map(this::names))
        .as("changes after the layout change are told by name again")
        .contains(Set.of("io.x/b"));
  }

  @Test
  void givenARegistryRemovedAndCreatedAgain_whenChangesSinceTheOldOneAreAsked_thenItLoadsWhole() {
    layout("main", "files");
    replace("files", server("io.x/old", "1.0.0"));
    long before = generation("main");

    layout("other", "files");
    layout("main", "files");
    replace("files", server("io.x/new", "1.0.0"));

    assertThat(changes("main", before, failOnRow()))
        .as("what the new registry changed says nothing of the old one's catalog")
        .isEmpty();
  }

  @Test
  void givenSeveralRegistries_whenOneSourceChanges_thenOnlyTheRegistriesServingItListTheName() {
    storage
        .registries()
        .applyConfiguration(
            new CatalogLayout(
                List.of(fileSource("a"), fileSource("b"), fileSource("shared")),
                List.of(
                    registry("main", Claims.NONE, "a", "shared"),
                    registry("other", Claims.NONE, "b", "shared")),
                null));
    replace("b", server("io.x/only-other", "1.0.0"));
    long main = generation("main");
    long other = generation("other");

    replace("a", server("io.x/only-main", "1.0.0"));
    replace("shared", server("io.x/both", "1.0.0"));

    List<ServedRow> mainRows = new ArrayList<>();
    List<ServedRow> otherRows = new ArrayList<>();
    assertThat(changes("main", main, mainRows).map(this::names))
        .contains(Set.of("io.x/only-main", "io.x/both"));
    assertThat(changes("other", other, otherRows).map(this::names)).contains(Set.of("io.x/both"));
    assertThat(otherRows).extracting(r -> r.name().value()).containsOnly("io.x/both");
    assertThat(mainRows).hasSize(2);
  }

  /** An empty store that purges a deleted version at the first write after its deletion. */
  protected abstract StoragePorts openStorageKeepingNoTombstones();

  @Test
  void givenANameWhoseLastTombstoneIsPurged_whenChangesAreLoaded_thenItIsListedWithoutRows() {
    storage.close();
    storage = openStorageKeepingNoTombstones();
    layout("main", "files");
    replace("files", server("io.x/gone", "1.0.0"), server("io.x/kept", "1.0.0"));
    replace("files", server("io.x/kept", "1.0.0"));
    long before = generation("main");

    replace("files", server("io.x/kept", "1.0.0"));

    StoredChanges changes = changes("main", before, failOnRow()).orElseThrow();
    assertThat(names(changes)).as("no longer served, so told without rows").contains("io.x/gone");
    assertThat(ids("main")).containsExactly("io.x/kept@1.0.0#0");
  }

  @Test
  void changesOfARegistryThatDoesNotExistAreNotTold() {
    layout("main", "files");

    assertThat(changes("nowhere", 0, failOnRow())).isEmpty();
  }

  private Optional<StoredChanges> changes(String registry, long since, List<ServedRow> rows) {
    return storage.served().loadChanges(RegistryName.of(registry), since, rows::add);
  }

  private Set<String> names(StoredChanges changes) {
    return changes.names().stream().map(ServerName::value).collect(Collectors.toSet());
  }

  /** A list that fails the test when a row is added to it. */
  private static List<ServedRow> failOnRow() {
    return new ArrayList<>() {
      @Override
      public boolean add(ServedRow row) {
        throw new AssertionError("no row expected: " + row);
      }
    };
  }

  private static List<ServedRow> sorted(List<ServedRow> rows) {
    List<ServedRow> sorted = new ArrayList<>(rows);
    sorted.sort(
        Comparator.comparing((ServedRow r) -> r.name().value())
            .thenComparingInt(ServedRow::rank)
            .thenComparing(r -> r.listing().version().value()));
    return sorted;
  }
}
