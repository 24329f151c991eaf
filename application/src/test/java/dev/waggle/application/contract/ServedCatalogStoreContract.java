package dev.waggle.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.out.ServedCatalogStore;
import dev.waggle.application.port.out.ServedCatalogStore.ServedRow;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryName;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Port contract: what every {@link ServedCatalogStore} serves — each name's candidates ranked by
 * precedence, with their claims and versions, and generations that move with every change.
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
}
