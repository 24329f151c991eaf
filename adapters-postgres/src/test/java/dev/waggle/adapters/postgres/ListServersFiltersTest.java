package dev.waggle.adapters.postgres;

import static dev.waggle.adapters.postgres.TestCatalog.ids;
import static dev.waggle.adapters.postgres.TestCatalog.manifest;
import static dev.waggle.adapters.postgres.TestCatalog.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.application.port.in.RegistryAccessDeniedException;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.access.Role;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.registry.RegistryName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class ListServersFiltersTest extends OneSourceRegistryTest {
  private static final RegistryName MAIN = RegistryName.of("main");

  @Test
  void searchMatchesNameTitleOrDescriptionIgnoringCase() {
    catalog.replace(
        "files",
        manifest("io.x/weather-api", "1.0.0", null, "d", ServerStatus.ACTIVE, Claims.NONE, ""),
        manifest(
            "io.x/forecast", "1.0.0", "Best WEATHER", "d", ServerStatus.ACTIVE, Claims.NONE, ""),
        manifest(
            "io.x/tides",
            "1.0.0",
            null,
            "Sea weather for sailors",
            ServerStatus.ACTIVE,
            Claims.NONE,
            ""),
        manifest("io.x/stocks", "1.0.0", "Stocks", "Prices", ServerStatus.ACTIVE, Claims.NONE, ""));

    assertThat(ids(catalog.all(search("Weather"))))
        .containsExactly("io.x/forecast@1.0.0", "io.x/tides@1.0.0", "io.x/weather-api@1.0.0");
  }

  @Test
  void searchTakesPercentAndUnderscoreLiterally() {
    catalog.replace(
        "files",
        manifest("io.x/percent", "1.0.0", "100% uptime", "d", ServerStatus.ACTIVE, Claims.NONE, ""),
        manifest("io.x/plain", "1.0.0", "100 uptime", "d", ServerStatus.ACTIVE, Claims.NONE, ""),
        manifest("io.x/snake_case", "1.0.0", null, "d", ServerStatus.ACTIVE, Claims.NONE, ""),
        manifest("io.x/snakeXcase", "1.0.0", null, "d", ServerStatus.ACTIVE, Claims.NONE, ""),
        manifest("io.x/bang", "1.0.0", "wow!", "d", ServerStatus.ACTIVE, Claims.NONE, ""));

    assertThat(ids(catalog.all(search("100%")))).containsExactly("io.x/percent@1.0.0");
    assertThat(ids(catalog.all(search("e_c")))).containsExactly("io.x/snake_case@1.0.0");
    assertThat(ids(catalog.all(search("%")))).containsExactly("io.x/percent@1.0.0");
    assertThat(ids(catalog.all(search("w!")))).containsExactly("io.x/bang@1.0.0");
  }

  @Test
  void updatedSinceListsOnlyVersionsUpdatedStrictlyAfterTheGivenTime() {
    catalog.replace("files", server("io.x/old", "1.0.0"), server("io.x/edited", "1.0.0"));
    Instant firstWrite =
        catalog.all("main").stream()
            .map(l -> l.meta().updatedAt())
            .max(Instant::compareTo)
            .orElseThrow();

    catalog.replace(
        "files",
        server("io.x/old", "1.0.0"),
        server("io.x/edited", "1.0.0", ServerStatus.DELETED),
        server("io.x/new", "1.0.0"));
    ListServersQuery since =
        TestCatalog.query(
            "main",
            Optional.empty(),
            Optional.of(firstWrite),
            Optional.empty(),
            false,
            Caller.anonymous());

    // Deleted versions come along: an incremental reader must learn about takedowns.
    assertThat(ids(catalog.all(since))).containsExactly("io.x/edited@1.0.0", "io.x/new@1.0.0");
  }

  @Test
  void anIncrementalReaderLearnsOfRemovedVersionsAndOfEveryChangeOfTheLatest() {
    catalog.replace("files", server("io.x/a", "4.0.0"), server("io.x/b", "1.0.0"));
    Instant firstSync = catalog.lastUpdate("main");

    catalog.replace(
        "files", server("io.x/a", "4.0.0"), server("io.x/a", "5.0.0"), server("io.x/b", "1.0.0"));

    List<ServerListing> added = catalog.updatedSince("main", firstSync);
    assertThat(ids(added)).containsExactly("io.x/a@4.0.0", "io.x/a@5.0.0");
    assertThat(added).extracting(l -> l.meta().latest()).containsExactly(false, true);
    Instant secondSync = catalog.lastUpdate("main");

    catalog.replace("files", server("io.x/a", "4.0.0"));

    List<ServerListing> removed = catalog.updatedSince("main", secondSync);
    assertThat(ids(removed)).containsExactly("io.x/a@4.0.0", "io.x/a@5.0.0", "io.x/b@1.0.0");
    assertThat(removed)
        .extracting(l -> l.meta().status(), l -> l.meta().latest())
        .containsExactly(
            Tuple.tuple(ServerStatus.ACTIVE, true),
            Tuple.tuple(ServerStatus.DELETED, false),
            Tuple.tuple(ServerStatus.DELETED, true));
    assertThat(removed).allSatisfy(l -> assertThat(l.meta().updatedAt()).isAfter(secondSync));
    Instant thirdSync = catalog.lastUpdate("main");

    catalog.replace("files", server("io.x/a", "4.0.0"));

    assertThat(catalog.updatedSince("main", thirdSync)).isEmpty();
  }

  @Test
  void deletedVersionsAreListedOnlyWhenAskedFor() {
    catalog.replace(
        "files",
        server("io.x/a", "1.0.0", ServerStatus.DELETED),
        server("io.x/a", "1.1.0", ServerStatus.DEPRECATED));

    assertThat(ids(catalog.all(filtered(Optional.empty(), false, Caller.anonymous()))))
        .containsExactly("io.x/a@1.1.0");
    assertThat(ids(catalog.all(filtered(Optional.empty(), true, Caller.anonymous()))))
        .containsExactly("io.x/a@1.0.0", "io.x/a@1.1.0");
    assertThat(catalog.listVersions(MAIN, ServerName.of("io.x/a"), false, Caller.anonymous()))
        .extracting(l -> l.version().value())
        .containsExactly("1.1.0");
    assertThat(
            catalog.findVersion(
                MAIN,
                ServerName.of("io.x/a"),
                VersionSelector.parse("1.0.0"),
                false,
                Caller.anonymous()))
        .isEmpty();
    assertThat(
            catalog.findVersion(
                MAIN,
                ServerName.of("io.x/a"),
                VersionSelector.parse("1.0.0"),
                true,
                Caller.anonymous()))
        .isPresent();
  }

  @Test
  void anExactVersionFilterListsThatVersionOfEveryName() {
    catalog.replace(
        "files", server("io.x/a", "1.0.0"), server("io.x/a", "2.0.0"), server("io.x/b", "1.0.0"));

    assertThat(
            ids(
                catalog.all(
                    filtered(
                        Optional.of(VersionSelector.parse("1.0.0")), false, Caller.anonymous()))))
        .containsExactly("io.x/a@1.0.0", "io.x/b@1.0.0");
  }

  @Test
  void pagesFollowTheByteOrderOfNamesAndVersions() {
    catalog.replace(
        "files",
        server("io.x/beta", "1.0.0"),
        server("io.x/Beta", "1.0.0"),
        server("io.x/alpha", "1.0.0-b"),
        server("io.x/alpha", "1.0.0-B"),
        server("io.x/alpha", "1.0.0"));

    assertThat(ids(catalog.all(TestCatalog.query("main", 1))))
        .containsExactly(
            "io.x/Beta@1.0.0",
            "io.x/alpha@1.0.0",
            "io.x/alpha@1.0.0-B",
            "io.x/alpha@1.0.0-b",
            "io.x/beta@1.0.0");
  }

  @Test
  void versionsOfOneServerComeNewestPublishFirst() {
    catalog.replace("files", server("io.x/a", "2.0.0"));
    catalog.replace("files", server("io.x/a", "2.0.0"), server("io.x/a", "1.0.0"));

    List<ServerListing> versions =
        catalog.listVersions(MAIN, ServerName.of("io.x/a"), false, Caller.anonymous());

    assertThat(versions).extracting(l -> l.version().value()).containsExactly("1.0.0", "2.0.0");
  }

  @Test
  void callersWithClaimsSeeOnlyEntriesTheirClaimsCover() {
    catalog.replace(
        "files",
        manifest(
            "io.x/data-only",
            "1.0.0",
            null,
            "d",
            ServerStatus.ACTIVE,
            Claims.of("team", "data"),
            ""),
        manifest(
            "io.x/data-or-web",
            "1.0.0",
            null,
            "d",
            ServerStatus.ACTIVE,
            Claims.of("team", "web", "data"),
            ""),
        manifest(
            "io.x/any-team",
            "1.0.0",
            null,
            "d",
            ServerStatus.ACTIVE,
            new Claims(Map.of("team", List.of())),
            ""),
        manifest(
            "io.x/data-in-eu",
            "1.0.0",
            null,
            "d",
            ServerStatus.ACTIVE,
            new Claims(Map.of("team", List.of("data"), "region", List.of("eu"))),
            ""),
        manifest("io.x/untagged", "1.0.0", null, "d", ServerStatus.ACTIVE, Claims.NONE, ""));
    // Callers with claims need the registry's before the entries' are looked at.
    catalog.layout(TestCatalog.ANY_TEAM, "main", "files");
    Caller dataInUs =
        Caller.withClaims(
            new Claims(Map.of("team", List.of("data", "ops"), "region", List.of("us"))));
    Caller web = Caller.withClaims(Claims.of("team", "web"));
    Caller nobody = Caller.withClaims(Claims.NONE);

    assertThat(ids(catalog.all(filtered(Optional.empty(), false, dataInUs))))
        .containsExactly("io.x/any-team@1.0.0", "io.x/data-only@1.0.0", "io.x/data-or-web@1.0.0");
    assertThat(ids(catalog.all(filtered(Optional.empty(), false, web))))
        .containsExactly("io.x/any-team@1.0.0", "io.x/data-or-web@1.0.0");
    assertThatThrownBy(() -> catalog.all(filtered(Optional.empty(), false, nobody)))
        .as("a caller without the registry's claims does not get in at all")
        .isInstanceOf(RegistryAccessDeniedException.class);
    assertThat(catalog.all(filtered(Optional.empty(), false, Caller.anonymous()))).hasSize(5);
    assertThat(
            catalog.all(
                filtered(
                    Optional.empty(),
                    false,
                    Caller.authenticated(
                        "admin", Optional.of(Claims.of("team", "web")), Set.of(Role.SUPER_ADMIN)))))
        .hasSize(5);
    assertThat(
            catalog.findVersion(
                MAIN, ServerName.of("io.x/data-only"), VersionSelector.LATEST, false, web))
        .isEmpty();
    assertThat(catalog.listVersions(MAIN, ServerName.of("io.x/data-only"), false, dataInUs))
        .hasSize(1);
  }

  private static ListServersQuery search(String text) {
    return TestCatalog.query(
        "main", Optional.of(text), Optional.empty(), Optional.empty(), false, Caller.anonymous());
  }

  private static ListServersQuery filtered(
      Optional<VersionSelector> version, boolean includeDeleted, Caller caller) {
    return TestCatalog.query(
        "main", Optional.empty(), Optional.empty(), version, includeDeleted, caller);
  }
}
