package dev.waggle.adapters.postgres;

import static dev.waggle.adapters.postgres.TestCatalog.ids;
import static dev.waggle.adapters.postgres.TestCatalog.manifest;
import static dev.waggle.adapters.postgres.TestCatalog.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.application.port.in.RegistryNotFoundException;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.paging.Page;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryPrecedenceTest {
  private static final RegistryName MAIN = RegistryName.of("main");
  private static TestCatalog catalog;

  /**
   * "first" outranks "second" in registry main and the other way round in registry reversed. Both
   * hold io.x/shared with different versions; the document says which source it came from.
   */
  @BeforeAll
  static void twoSources() {
    catalog = TestCatalog.migrated();
    catalog.registries.applyConfiguration(
        new CatalogLayout(
            List.of(TestCatalog.fileSource("first"), TestCatalog.fileSource("second")),
            List.of(
                // Any team may enter main; its entries' claims decide what each one sees.
                new RegistryDefinition(
                    MAIN,
                    List.of(SourceName.of("first"), SourceName.of("second")),
                    TestCatalog.ANY_TEAM),
                new RegistryDefinition(
                    RegistryName.of("reversed"),
                    List.of(SourceName.of("second"), SourceName.of("first")),
                    Claims.NONE)),
            null));
    catalog.replace(
        "first",
        from("first", "io.x/alpha", "1.0.0"),
        from("first", "io.x/shared", "1.0.0"),
        from("first", "io.x/shared", "1.1.0"),
        from("first", "io.x/zulu", "1.0.0"),
        manifest(
            "io.x/hidden",
            "1.0.0",
            null,
            "first",
            ServerStatus.ACTIVE,
            Claims.of("team", "secret"),
            ""),
        server("io.x/taken-down", "1.0.0", ServerStatus.DELETED),
        from("first", "io.x/gone-everywhere", "1.0.0", ServerStatus.DELETED));
    catalog.replace(
        "second",
        from("second", "io.x/beta", "1.0.0"),
        from("second", "io.x/shared", "1.0.0"),
        from("second", "io.x/shared", "2.0.0"),
        from("second", "io.x/shared", "3.0.0"),
        from("second", "io.x/yankee", "1.0.0"),
        manifest(
            "io.x/hidden",
            "9.0.0",
            null,
            "second",
            ServerStatus.ACTIVE,
            Claims.of("team", "public"),
            ""),
        server("io.x/taken-down", "2.0.0"),
        from("second", "io.x/gone-everywhere", "2.0.0", ServerStatus.DELETED));
  }

  @AfterAll
  static void close() {
    catalog.close();
  }

  @Test
  void everyVersionOfANameBothSourcesHoldComesFromTheFirstSource() {
    List<ServerListing> shared =
        catalog.all(MAIN.value()).stream()
            .filter(l -> l.name().value().equals("io.x/shared"))
            .toList();

    assertThat(ids(shared)).containsExactly("io.x/shared@1.0.0", "io.x/shared@1.1.0");
    assertThat(shared).allSatisfy(l -> assertThat(l.document()).contains("from first"));
  }

  @Test
  void namesOnlyTheSecondSourceHoldsStillAppearInNameOrder() {
    assertThat(ids(catalog.all(MAIN.value())))
        .containsExactly(
            "io.x/alpha@1.0.0",
            "io.x/beta@1.0.0",
            "io.x/hidden@1.0.0",
            "io.x/shared@1.0.0",
            "io.x/shared@1.1.0",
            "io.x/taken-down@2.0.0",
            "io.x/yankee@1.0.0",
            "io.x/zulu@1.0.0");
  }

  @Test
  void theOrderOfSourcesInARegistryDecidesWhichCopyIsServed() {
    assertThat(ids(catalog.all("reversed")))
        .contains("io.x/shared@1.0.0", "io.x/shared@2.0.0", "io.x/shared@3.0.0")
        .doesNotContain("io.x/shared@1.1.0");
  }

  @ParameterizedTest(name = "limit {0}")
  @ValueSource(ints = {1, 2, 3})
  void pagingServesEveryItemExactlyOnceAndFromTheWinningSourceOnEveryPage(int limit) {
    List<Page<ServerListing>> pages = catalog.pages(TestCatalog.query(MAIN.value(), limit));
    List<ServerListing> items = pages.stream().flatMap(p -> p.items().stream()).toList();

    assertThat(ids(items)).isEqualTo(ids(catalog.all(MAIN.value())));
    assertThat(items)
        .filteredOn(l -> l.name().value().equals("io.x/shared"))
        .allSatisfy(l -> assertThat(l.document()).contains("from first"));
    assertThat(pages).allSatisfy(p -> assertThat(p.items()).hasSizeLessThanOrEqualTo(limit));
    assertThat(pages.subList(0, pages.size() - 1))
        .allSatisfy(p -> assertThat(p.items()).hasSize(limit));
    assertThat(pages.get(pages.size() - 1).next()).isEmpty();
  }

  @Test
  void aPageEndsWithACursorOnItsLastItemOnlyWhenMoreFollow() {
    Page<ServerListing> first = catalog.listServers(TestCatalog.query(MAIN.value(), 2));
    Page<ServerListing> everything = catalog.listServers(TestCatalog.query(MAIN.value(), 8));

    assertThat(first.next()).isPresent();
    assertThat(first.next().get().name().value()).isEqualTo("io.x/beta");
    assertThat(first.next().get().version().value()).isEqualTo("1.0.0");
    assertThat(everything.items()).hasSize(8);
    assertThat(everything.next()).isEmpty();
  }

  @Test
  void aVersionFilterNeverPromotesTheSecondSourcesCopyOfAName() {
    ListServersQuery onlyThree =
        TestCatalog.query(
            MAIN.value(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(VersionSelector.parse("3.0.0")),
            false,
            Caller.anonymous());
    ListServersQuery latest =
        TestCatalog.query(
            MAIN.value(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(VersionSelector.LATEST),
            false,
            Caller.anonymous());

    assertThat(catalog.all(onlyThree)).isEmpty();
    assertThat(ids(catalog.all(latest)))
        .contains("io.x/shared@1.1.0")
        .doesNotContain("io.x/shared@3.0.0");
  }

  @Test
  void aNameWhoseVersionsAreAllDeletedInTheFirstSourceIsServedByTheNextSourceStillHoldingIt() {
    assertThat(ids(catalog.all(MAIN.value()))).contains("io.x/taken-down@2.0.0");
    assertThat(ids(catalog.withDeleted(MAIN.value())))
        .filteredOn(id -> id.startsWith("io.x/taken-down@"))
        .containsExactly("io.x/taken-down@2.0.0");
    assertThat(
            catalog.findVersion(
                MAIN,
                ServerName.of("io.x/taken-down"),
                VersionSelector.LATEST,
                false,
                Caller.anonymous()))
        .map(l -> l.version().value())
        .contains("2.0.0");
    assertThat(
            catalog.findVersion(
                MAIN,
                ServerName.of("io.x/taken-down"),
                VersionSelector.parse("1.0.0"),
                true,
                Caller.anonymous()))
        .isEmpty();
  }

  @Test
  void aNameDeletedInEverySourceIsReportedOnlyWithDeletedItemsAndOnlyFromTheFirstSource() {
    ServerName gone = ServerName.of("io.x/gone-everywhere");

    assertThat(ids(catalog.all(MAIN.value()))).noneMatch(id -> id.startsWith(gone.value()));
    assertThat(catalog.withDeleted(MAIN.value()))
        .filteredOn(l -> l.name().equals(gone))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.version().value()).isEqualTo("1.0.0");
              assertThat(l.meta().status()).isEqualTo(ServerStatus.DELETED);
              assertThat(l.document()).contains("from first");
            });
    assertThat(catalog.findVersion(MAIN, gone, VersionSelector.LATEST, false, Caller.anonymous()))
        .isEmpty();
    assertThat(catalog.findVersion(MAIN, gone, VersionSelector.LATEST, true, Caller.anonymous()))
        .map(l -> l.version().value())
        .contains("1.0.0");
    assertThat(catalog.listVersions(MAIN, gone, false, Caller.anonymous())).isEmpty();
    assertThat(catalog.listVersions(MAIN, gone, true, Caller.anonymous()))
        .extracting(l -> l.version().value())
        .containsExactly("1.0.0");
  }

  @Test
  void aNameHiddenFromTheCallerInTheFirstSourceIsServedFromTheNextOneThatShowsIt() {
    Caller publicTeam = Caller.withClaims(Claims.of("team", "public"));
    Caller secretTeam = Caller.withClaims(Claims.of("team", "secret"));

    assertThat(
            ids(
                catalog.all(
                    TestCatalog.query(
                        MAIN.value(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        false,
                        publicTeam))))
        .containsExactly("io.x/hidden@9.0.0");
    assertThat(catalog.listVersions(MAIN, ServerName.of("io.x/hidden"), false, secretTeam))
        .extracting(l -> l.version().value())
        .containsExactly("1.0.0");
    assertThat(
            catalog.findVersion(
                MAIN, ServerName.of("io.x/hidden"), VersionSelector.LATEST, false, publicTeam))
        .map(l -> l.version().value())
        .contains("9.0.0");
  }

  @Test
  void listingAndFindingVersionsOfASharedNameUseOnlyTheFirstSource() {
    List<ServerListing> versions =
        catalog.listVersions(MAIN, ServerName.of("io.x/shared"), false, Caller.anonymous());

    assertThat(versions)
        .extracting(l -> l.version().value())
        .containsExactlyInAnyOrder("1.0.0", "1.1.0");
    assertThat(
            catalog.findVersion(
                MAIN,
                ServerName.of("io.x/shared"),
                new VersionSelector(Optional.of(Version.of("2.0.0"))),
                false,
                Caller.anonymous()))
        .isEmpty();
    assertThat(
            catalog.findVersion(
                MAIN,
                ServerName.of("io.x/shared"),
                VersionSelector.LATEST,
                false,
                Caller.anonymous()))
        .map(l -> l.version().value())
        .contains("1.1.0");
  }

  @Test
  void anUnknownRegistryIsNotFound() {
    assertThatThrownBy(() -> catalog.listServers(TestCatalog.query("nope", 10)))
        .isInstanceOf(RegistryNotFoundException.class);
    assertThatThrownBy(
            () ->
                catalog.listVersions(
                    RegistryName.of("nope"), ServerName.of("io.x/alpha"), true, Caller.anonymous()))
        .isInstanceOf(RegistryNotFoundException.class);
  }

  private static ServerManifest from(String source, String name, String version) {
    return from(source, name, version, ServerStatus.ACTIVE);
  }

  private static ServerManifest from(
      String source, String name, String version, ServerStatus status) {
    return manifest(name, version, null, "from " + source, status, Claims.NONE, "");
  }
}
