package dev.waggle.application.service;

import static dev.waggle.application.testing.TwoSourceRegistry.T0;
import static dev.waggle.application.testing.TwoSourceRegistry.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.application.port.in.CatalogAnswer;
import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.application.port.in.RegistryAccessDeniedException;
import dev.waggle.application.port.in.RegistryNotFoundException;
import dev.waggle.application.port.in.ServedVersion;
import dev.waggle.application.port.in.ServerNotFoundException;
import dev.waggle.application.testing.InMemoryStorage;
import dev.waggle.application.testing.TwoSourceRegistry;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.paging.Page;
import dev.waggle.domain.registry.RegistryName;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BrowseCatalogServiceTest {
  private static final RegistryName TEAM = RegistryName.of("team");
  private static final Claims PLATFORM = Claims.of("team", "platform");
  private static final Claims DATA = Claims.of("team", "data");

  /** Claims any team member may see: the key is all they ask for. */
  private static final Claims ANY_TEAM = new Claims(Map.of("team", List.of()));

  private final TwoSourceRegistry registry = new TwoSourceRegistry(TEAM, Claims.NONE);
  private Claims registryClaims = Claims.NONE;
  private ServedCatalogs catalogs;
  private BrowseCatalogService browse;

  /**
   * Gives the registry these claims and makes its first source hold {@code servers}, then serves
   * what it holds.
   */
  private void serve(Claims registryClaims, ServerManifest... servers) {
    serve(registryClaims, List.of(servers), List.of());
  }

  /** As {@link #serve(Claims, ServerManifest...)}, with a second source ranked after the first. */
  private void serve(
      Claims registryClaims, List<ServerManifest> first, List<ServerManifest> second) {
    if (!registryClaims.equals(this.registryClaims)) {
      this.registryClaims = registryClaims;
      registry.lay(List.of(TEAM), registryClaims);
    }
    registry.write("first", first.toArray(ServerManifest[]::new));
    registry.write("second", second.toArray(ServerManifest[]::new));
    if (catalogs == null) {
      InMemoryStorage storage = registry.storage();
      catalogs =
          new ServedCatalogs(
              storage, storage, TwoSourceRegistry.DOCUMENT_TEXT, Duration.ofHours(1));
      catalogs.start();
      browse = new BrowseCatalogService(catalogs, TEAM);
    } else {
      catalogs.refresh();
    }
  }

  private static ServerManifest titled(String name, String title, String description) {
    return server(name, "1.0.0", Claims.NONE, title, description, "");
  }

  @AfterEach
  void stop() {
    if (catalogs != null) {
      catalogs.close();
    }
  }

  private static ListServersQuery query(int limit, Caller caller) {
    return new ListServersQuery(
        TEAM,
        Optional.empty(),
        limit,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        caller);
  }

  private static ListServersQuery query(
      Optional<String> search,
      Optional<java.time.Instant> updatedSince,
      Optional<VersionSelector> version,
      boolean includeDeleted) {
    return new ListServersQuery(
        TEAM,
        Optional.empty(),
        ListServersQuery.MAX_LIMIT,
        search,
        updatedSince,
        version,
        includeDeleted,
        Caller.anonymous());
  }

  private List<String> ids(ListServersQuery query) {
    return ids(browse.listServers(query).value().items());
  }

  private static List<String> ids(List<ServedVersion> versions) {
    return versions.stream().map(v -> v.name().value() + "@" + v.version().value()).toList();
  }

  /** Follows the cursor to the end, keeping each page's items. */
  private List<List<String>> pages(ListServersQuery first) {
    List<List<String>> pages = new ArrayList<>();
    ListServersQuery query = first;
    while (pages.size() < 100) {
      Page<ServedVersion> page = browse.listServers(query).value();
      pages.add(ids(page.items()));
      if (page.next().isEmpty()) {
        return pages;
      }
      query = query.after(page.next().get());
    }
    throw new AssertionError("the cursor never ends");
  }

  @Test
  void anUnknownRegistryIsNotFound() {
    serve(Claims.NONE, server("io.acme/a", "1.0.0"));

    assertThatThrownBy(
            () -> browse.listServers(ListServersQuery.firstPage(RegistryName.of("nope"), 10)))
        .isInstanceOf(RegistryNotFoundException.class)
        .hasMessageContaining("nope");
    assertThat(browse.servesRegistry(RegistryName.of("nope"))).isFalse();
    assertThat(browse.servesRegistry(TEAM)).isTrue();
  }

  @Test
  void aRegistryWhoseClaimsTheCallerLacksIsStillServed() {
    serve(PLATFORM, server("io.acme/a", "1.0.0", PLATFORM));

    // Whether it exists is not what its claims protect: listing it answers 403, not 404.
    assertThat(browse.servesRegistry(TEAM)).isTrue();
  }

  @Test
  void aCallerWhoseClaimsDoNotCoverTheRegistryIsDenied() {
    serve(PLATFORM, server("io.acme/a", "1.0.0", PLATFORM));

    Caller outsider = Caller.withClaims(DATA);
    assertThatThrownBy(
            () ->
                browse.getVersion(
                    TEAM, ServerName.of("io.acme/a"), VersionSelector.LATEST, false, outsider))
        .isInstanceOf(RegistryAccessDeniedException.class);
    Caller member = Caller.withClaims(PLATFORM);
    assertThat(
            browse
                .getVersion(TEAM, ServerName.of("io.acme/a"), VersionSelector.LATEST, false, member)
                .value()
                .version()
                .value())
        .isEqualTo("1.0.0");
  }

  @Test
  void aServerWithNoVisibleVersionIsNotFound() {
    serve(Claims.NONE, server("io.acme/a", "1.0.0"));

    assertThatThrownBy(
            () ->
                browse.listVersions(
                    TEAM, ServerName.of("io.acme/missing"), false, Caller.anonymous()))
        .isInstanceOf(ServerNotFoundException.class)
        .hasMessageContaining("io.acme/missing");
  }

  @Test
  void pagesFollowNameThenVersionInByteOrderAndTheCursorResumesStrictlyAfterTheLastItem() {
    serve(
        Claims.NONE,
        server("io.acme/b", "1.0.0"),
        server("io.acme/a", "2.0.0"),
        server("io.acme/a", "10.0.0"),
        server("io.acme/B", "1.0.0"),
        server("io.acme/a", "1.0.0"));

    assertThat(pages(query(2, Caller.anonymous())))
        .containsExactly(
            List.of("io.acme/B@1.0.0", "io.acme/a@1.0.0"),
            List.of("io.acme/a@10.0.0", "io.acme/a@2.0.0"),
            List.of("io.acme/b@1.0.0"));
  }

  @Test
  void givenHiddenEntriesOnEveryPageBoundary_whenACallerWithClaimsPages_thenEveryPageIsFull() {
    List<ServerManifest> servers = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      String name = "io.acme/s" + i;
      // Every third name belongs to another team, so hidden names fall at every boundary of
      // pages of two.
      Claims claims = i % 3 == 2 ? DATA : PLATFORM;
      servers.add(server(name, "1.0.0", claims));
    }
    serve(ANY_TEAM, servers.toArray(ServerManifest[]::new));

    List<List<String>> pages = pages(query(2, Caller.withClaims(PLATFORM)));

    assertThat(pages)
        .containsExactly(
            List.of("io.acme/s0@1.0.0", "io.acme/s1@1.0.0"),
            List.of("io.acme/s3@1.0.0", "io.acme/s4@1.0.0"),
            List.of("io.acme/s6@1.0.0", "io.acme/s7@1.0.0"));
    assertThat(browse.listServers(query(2, Caller.withClaims(PLATFORM))).value().next())
        .hasValueSatisfying(c -> assertThat(c.name().value()).isEqualTo("io.acme/s1"));
    assertThat(pages(query(4, Caller.anonymous())).stream().mapToInt(List::size).sum())
        .isEqualTo(9);
  }

  @Test
  void givenAHiddenFirstCandidate_whenACallerWithClaimsReads_thenTheNextVisibleCandidateServes() {
    serve(
        ANY_TEAM,
        List.of(server("io.acme/a", "2.0.0", DATA)),
        List.of(server("io.acme/a", "1.0.0", PLATFORM), server("io.acme/a", "0.9.0", PLATFORM)));

    assertThat(ids(query(10, Caller.withClaims(PLATFORM))))
        .containsExactly("io.acme/a@0.9.0", "io.acme/a@1.0.0");
    assertThat(ids(query(10, Caller.withClaims(DATA)))).containsExactly("io.acme/a@2.0.0");
    assertThat(ids(query(10, Caller.anonymous()))).containsExactly("io.acme/a@2.0.0");
    assertThat(ids(query(10, Caller.withClaims(Claims.of("team", "ops"))))).isEmpty();
    assertThatThrownBy(
            () ->
                browse.listVersions(
                    TEAM,
                    ServerName.of("io.acme/a"),
                    false,
                    Caller.withClaims(Claims.of("team", "ops"))))
        .isInstanceOf(ServerNotFoundException.class);
  }

  @Test
  void searchIgnoresCaseAndLooksInNameTitleAndDescriptionButNotAcrossThem() {
    serve(
        Claims.NONE,
        titled("io.acme/alpha", "Tea", null),
        titled("io.acme/beta", null, "Pot"),
        titled("io.acme/gamma", null, null));

    assertThat(ids(query(Optional.of("ALPHA"), Optional.empty(), Optional.empty(), false)))
        .containsExactly("io.acme/alpha@1.0.0");
    assertThat(ids(query(Optional.of("tEa"), Optional.empty(), Optional.empty(), false)))
        .containsExactly("io.acme/alpha@1.0.0");
    assertThat(ids(query(Optional.of("pot"), Optional.empty(), Optional.empty(), false)))
        .containsExactly("io.acme/beta@1.0.0");
    assertThat(ids(query(Optional.of("alphatea"), Optional.empty(), Optional.empty(), false)))
        .isEmpty();
    assertThat(ids(query(Optional.of("%"), Optional.empty(), Optional.empty(), false))).isEmpty();
  }

  @Test
  void deletedVersionsShowOnlyWhenAskedForAndUpdatedSinceIsStrictlyAfter() {
    serve(Claims.NONE, server("io.acme/a", "1.0.0"), server("io.acme/a", "1.1.0"));
    registry.atMinute(5);
    serve(Claims.NONE, server("io.acme/a", "1.1.0"));
    registry.atMinute(10);
    serve(Claims.NONE, server("io.acme/a", "1.1.0", Claims.NONE, null, null, ",\"edited\":1"));

    assertThat(ids(query(Optional.empty(), Optional.empty(), Optional.empty(), false)))
        .containsExactly("io.acme/a@1.1.0");
    assertThat(ids(query(Optional.empty(), Optional.empty(), Optional.empty(), true)))
        .containsExactly("io.acme/a@1.0.0", "io.acme/a@1.1.0");
    // updated_since implies deleted versions, as incremental readers need to learn of removals.
    assertThat(
            ids(
                query(
                    Optional.empty(),
                    Optional.of(T0.plusSeconds(60 * 5)),
                    Optional.empty(),
                    false)))
        .containsExactly("io.acme/a@1.1.0");
    assertThat(ids(query(Optional.empty(), Optional.of(T0), Optional.empty(), false)))
        .containsExactly("io.acme/a@1.0.0", "io.acme/a@1.1.0");
  }

  @Test
  void versionSelectsTheLatestOrOneExactVersion() {
    serve(
        Claims.NONE,
        server("io.acme/a", "1.0.0"),
        server("io.acme/a", "1.10.0"),
        server("io.acme/a", "1.2.0"),
        server("io.acme/b", "snapshot"));

    assertThat(
            ids(
                query(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(VersionSelector.LATEST),
                    false)))
        .containsExactly("io.acme/a@1.10.0", "io.acme/b@snapshot");
    assertThat(
            ids(
                query(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(VersionSelector.parse("1.2.0")),
                    false)))
        .containsExactly("io.acme/a@1.2.0");
  }

  @Test
  void aLatestVersionThatIsDeletedIsFoundOnlyWithIncludeDeleted() {
    serve(Claims.NONE, server("io.acme/gone", "1.0.0"), server("io.acme/gone", "2.0.0"));
    // Dropped by its source: both versions stay as tombstones, the newest the latest.
    serve(Claims.NONE);
    ServerName gone = ServerName.of("io.acme/gone");

    assertThatThrownBy(
            () -> browse.getVersion(TEAM, gone, VersionSelector.LATEST, false, Caller.anonymous()))
        .isInstanceOf(ServerNotFoundException.class)
        .hasMessageContaining("latest");
    assertThat(
            browse
                .getVersion(TEAM, gone, VersionSelector.LATEST, true, Caller.anonymous())
                .value()
                .version()
                .value())
        .isEqualTo("2.0.0");
    assertThat(ids(browse.listVersions(TEAM, gone, true, Caller.anonymous()).value()))
        .containsExactly("io.acme/gone@2.0.0", "io.acme/gone@1.0.0");
  }

  @Test
  void answersCarryTheGenerationTheirEncodedBytesAndWhetherClaimsAreInPlay() {
    serve(Claims.NONE, server("io.acme/a", "1.0.0"));
    CatalogAnswer<ServedVersion> first =
        browse.getVersion(
            TEAM, ServerName.of("io.acme/a"), VersionSelector.LATEST, false, Caller.anonymous());

    serve(Claims.NONE, server("io.acme/a", "1.0.0", PLATFORM));
    CatalogAnswer<ServedVersion> second =
        browse.getVersion(
            TEAM, ServerName.of("io.acme/a"), VersionSelector.LATEST, false, Caller.anonymous());

    assertThat(new String(first.value().encoded(), StandardCharsets.UTF_8))
        .contains("\"version\":\"1.0.0\"");
    assertThat(first.restricted()).isFalse();
    assertThat(second.restricted()).isTrue();
    assertThat(second.generation()).isGreaterThan(first.generation());
  }
}
