package dev.waggle.adapters.postgres;

import static dev.waggle.adapters.postgres.TestCatalog.ids;
import static dev.waggle.adapters.postgres.TestCatalog.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.paging.Page;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which source serves a name once versions dropped by a source linger as tombstones. */
class RemovedVersionPrecedenceTest {
  private static final RegistryName MAIN = RegistryName.of("main");
  private static final ServerName A = ServerName.of("io.x/a");
  private static TestCatalog catalog;

  @BeforeAll
  static void database() {
    catalog = TestCatalog.migrated();
  }

  @AfterAll
  static void close() {
    catalog.close();
  }

  @BeforeEach
  void twoEmptySources() {
    catalog.freshLayout(MAIN.value(), "first", "second");
  }

  @Test
  void aNameTheFirstSourceDropsIsServedByTheSecondUntilTheFirstHoldsItAgain() {
    catalog.replace("first", from("first", "io.x/a", "1.0.0"));
    catalog.replace("second", from("second", "io.x/a", "2.0.0"));
    assertThat(servedFrom("io.x/a")).containsExactly("io.x/a@1.0.0 from first");

    catalog.replace("first");

    assertThat(servedFrom("io.x/a")).containsExactly("io.x/a@2.0.0 from second");
    assertThat(ids(catalog.withDeleted(MAIN.value()))).containsExactly("io.x/a@2.0.0");
    assertThat(catalog.findVersion(MAIN, A, VersionSelector.LATEST, false, anyone()))
        .map(l -> l.version().value())
        .contains("2.0.0");
    assertThat(catalog.listVersions(MAIN, A, true, anyone()))
        .extracting(l -> l.version().value())
        .containsExactly("2.0.0");

    catalog.replace("first", from("first", "io.x/a", "1.0.0"));

    assertThat(servedFrom("io.x/a")).containsExactly("io.x/a@1.0.0 from first");
    ServerListing revived = catalog.item(MAIN.value(), "io.x/a@1.0.0");
    assertThat(revived.meta().status()).isEqualTo(ServerStatus.ACTIVE);
    assertThat(revived.meta().latest()).isTrue();
    assertThat(catalog.findVersion(MAIN, A, VersionSelector.parse("2.0.0"), true, anyone()))
        .isEmpty();
  }

  @Test
  void aFirstSourceKeepingOneLiveVersionStillShadowsTheSecondAndHidesItsOwnTombstones() {
    catalog.replace("first", from("first", "io.x/a", "1.0.0"), from("first", "io.x/a", "1.1.0"));
    catalog.replace("second", from("second", "io.x/a", "3.0.0"));

    catalog.replace("first", from("first", "io.x/a", "1.0.0"));

    assertThat(servedFrom("io.x/a")).containsExactly("io.x/a@1.0.0 from first");
    assertThat(ids(catalog.withDeleted(MAIN.value())))
        .containsExactly("io.x/a@1.0.0", "io.x/a@1.1.0");
    assertThat(catalog.findVersion(MAIN, A, VersionSelector.LATEST, false, anyone()))
        .map(l -> l.version().value())
        .contains("1.0.0");
    assertThat(catalog.findVersion(MAIN, A, VersionSelector.parse("1.1.0"), false, anyone()))
        .isEmpty();
  }

  @Test
  void aNameDroppedByEverySourceKeepsReportingTheFirstSourcesTombstones() {
    catalog.replace("first", from("first", "io.x/a", "1.0.0"));
    catalog.replace("second", from("second", "io.x/a", "2.0.0"));
    Instant synced = catalog.lastUpdate(MAIN.value());

    catalog.replace("second");
    catalog.replace("first");

    assertThat(catalog.all(MAIN.value())).isEmpty();
    List<ServerListing> changes = catalog.updatedSince(MAIN.value(), synced);
    assertThat(ids(changes)).containsExactly("io.x/a@1.0.0");
    assertThat(changes.get(0).meta().status()).isEqualTo(ServerStatus.DELETED);
    assertThat(changes.get(0).document()).contains("from first");
    assertThat(catalog.findVersion(MAIN, A, VersionSelector.LATEST, false, anyone())).isEmpty();
    assertThat(catalog.listVersions(MAIN, A, false, anyone())).isEmpty();
  }

  @Test
  void aDefaultListingNeverShowsTombstonesAndPagesServeEveryLiveVersionExactlyOnce() {
    List<ServerManifest> first = new ArrayList<>();
    List<ServerManifest> second = new ArrayList<>();
    for (int n = 0; n < 6; n++) {
      String name = "io.x/server-" + n;
      for (int v = 0; v < 3; v++) {
        first.add(from("first", name, "1." + v + ".0"));
        second.add(from("second", name, "2." + v + ".0"));
      }
    }
    catalog.entries.replaceSourceContents(SourceName.of("first"), List.copyOf(first));
    catalog.entries.replaceSourceContents(SourceName.of("second"), List.copyOf(second));
    // first drops: every version of server-1 and server-4, and the middle version of server-2.
    List<ServerManifest> firstLater =
        first.stream()
            .filter(m -> !m.name().value().endsWith("-1") && !m.name().value().endsWith("-4"))
            .filter(m -> !m.name().value().endsWith("-2") || !m.version().value().equals("1.1.0"))
            .toList();
    // second drops server-4 entirely, so that only tombstones are left of it anywhere.
    List<ServerManifest> secondLater =
        second.stream().filter(m -> !m.name().value().endsWith("-4")).toList();
    catalog.entries.replaceSourceContents(SourceName.of("first"), firstLater);
    catalog.entries.replaceSourceContents(SourceName.of("second"), secondLater);

    List<String> expected = new ArrayList<>();
    for (int n = 0; n < 6; n++) {
      if (n == 4) {
        continue;
      }
      for (int v = 0; v < 3; v++) {
        if (n == 1) {
          expected.add("io.x/server-1@2." + v + ".0");
        } else if (n != 2 || v != 1) {
          expected.add("io.x/server-" + n + "@1." + v + ".0");
        }
      }
    }
    for (int size = 1; size <= 4; size++) {
      int limit = size;
      List<Page<ServerListing>> pages = catalog.pages(TestCatalog.query(MAIN.value(), limit));
      List<ServerListing> items = pages.stream().flatMap(p -> p.items().stream()).toList();
      assertThat(ids(items)).as("limit %d", limit).isEqualTo(expected);
      assertThat(items)
          .as("limit %d", limit)
          .allSatisfy(l -> assertThat(l.meta().status()).isEqualTo(ServerStatus.ACTIVE));
      assertThat(pages.subList(0, pages.size() - 1))
          .allSatisfy(p -> assertThat(p.items()).hasSize(limit));
    }
    List<String> withDeleted = new ArrayList<>(expected);
    withDeleted.add("io.x/server-2@1.1.0");
    for (int v = 0; v < 3; v++) {
      withDeleted.add("io.x/server-4@1." + v + ".0");
    }
    List<ServerListing> pagedWithDeleted =
        catalog.all(
            new ListServersQuery(
                MAIN,
                Optional.empty(),
                2,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                true,
                anyone()));
    assertThat(ids(pagedWithDeleted)).containsExactlyInAnyOrderElementsOf(withDeleted);
  }

  /** "name@version from source" of what a default listing serves of one name. */
  private static List<String> servedFrom(String name) {
    return catalog.all(MAIN.value()).stream()
        .filter(l -> l.name().value().equals(name))
        .map(
            l ->
                l.name().value()
                    + "@"
                    + l.version().value()
                    + (l.document().contains("from first") ? " from first" : " from second"))
        .toList();
  }

  private static Caller anyone() {
    return Caller.anonymous();
  }

  private static ServerManifest from(String source, String name, String version) {
    return manifest(name, version, null, "from " + source, ServerStatus.ACTIVE, Claims.NONE, "");
  }
}
