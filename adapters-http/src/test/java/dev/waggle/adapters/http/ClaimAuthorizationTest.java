package dev.waggle.adapters.http;

import static dev.waggle.adapters.http.RunningApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.application.service.BrowseCatalogService;
import dev.waggle.application.service.InspectSourcesService;
import dev.waggle.application.service.ServedCatalogs;
import dev.waggle.application.testing.InMemoryStorage;
import dev.waggle.application.testing.TwoSourceRegistry;
import dev.waggle.domain.access.ClaimRule;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.access.Role;
import dev.waggle.domain.access.RoleRules;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.paging.Cursor;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Roles and claims over real HTTP: tokens from a real OIDC server (mock-oauth2-server), the real
 * catalog and source services over in-memory storage, one persona per token.
 */
class ClaimAuthorizationTest {
  private static final String AUDIENCE = "waggle-api";
  private static final String ISSUER = "corp";
  private static final Claims ACME = Claims.of("org", "acme");
  private static final Claims PLATFORM =
      new Claims(Map.of("org", List.of("acme"), "team", List.of("platform")));
  private static final Claims DATA =
      new Claims(Map.of("org", List.of("acme"), "team", List.of("data")));

  /** ToolHive's shape: each role granted by claim rules. */
  static final RoleRules RULES =
      new RoleRules(
          Map.of(
              Role.SUPER_ADMIN,
              List.of(new ClaimRule(Map.of("role", List.of("super-admin")))),
              Role.MANAGE_SOURCES,
              List.of(new ClaimRule(Map.of("org", List.of("acme"), "role", List.of("admin")))),
              Role.MANAGE_REGISTRIES,
              List.of(new ClaimRule(Map.of("role", List.of("registry-admin")))),
              Role.MANAGE_ENTRIES,
              List.of(new ClaimRule(Map.of("groups", List.of("writers", "publishers"))))));

  private static MockOAuth2Server oidc;

  @BeforeAll
  static void startOidc() {
    oidc = new MockOAuth2Server();
    oidc.start();
  }

  @AfterAll
  static void stopOidc() {
    oidc.shutdown();
  }

  private static String token(String subject, Map<String, Object> claims) {
    return oidc.issueToken(ISSUER, subject, AUDIENCE, claims).serialize();
  }

  private static AuthSettings oauth() {
    return AuthSettings.oauth(
        new OAuthSettings(
            Optional.empty(),
            OAuthSettings.DEFAULT_REALM,
            List.of(OAuthProvider.discovered(ISSUER, oidc.issuerUrl(ISSUER).toString(), AUDIENCE)),
            false),
        List.of());
  }

  /**
   * Two tagged sources and a third without claims, three registries (one untagged), and the servers
   * each source holds, served through the real use cases.
   */
  static final class Catalog implements AutoCloseable {
    final InMemoryStorage storage = new InMemoryStorage();
    final ServedCatalogs catalogs;
    final ServedApi api;

    Catalog(AuthSettings auth) {
      storage.applyConfiguration(
          new CatalogLayout(
              List.of(
                  source("platform-tools", PLATFORM),
                  source("data-tools", DATA),
                  source("shared", Claims.NONE)),
              List.of(
                  registry("acme-all", ACME, "platform-tools", "data-tools", "shared"),
                  registry("acme-platform", PLATFORM, "platform-tools"),
                  registry("untagged", Claims.NONE, "shared")),
              null));
      storage.replaceSourceContents(
          SourceName.of("platform-tools"),
          List.of(
              server("io.acme/deploy", PLATFORM),
              server("io.acme/shadowed", PLATFORM),
              // Visible to either team: OR within a claim's values.
              server(
                  "io.acme/both",
                  new Claims(
                      Map.of("team", List.of("platform", "data"), "org", List.of("acme"))))));
      storage.replaceSourceContents(
          SourceName.of("data-tools"),
          List.of(server("io.acme/warehouse", DATA), server("io.acme/shadowed", DATA)));
      storage.replaceSourceContents(
          SourceName.of("shared"), List.of(server("io.acme/untagged", Claims.NONE)));
      catalogs =
          new ServedCatalogs(storage, storage, new JsonServedVersionEncoder(), Duration.ofHours(1));
      catalogs.start();
      api =
          new ServedApi(
              auth,
              new BrowseCatalogService(catalogs, RegistryName.of("acme-all")),
              new InspectSourcesService(storage, storage));
    }

    @Override
    public void close() {
      api.close();
      catalogs.close();
    }
  }

  static SourceDefinition source(String name, Claims claims) {
    return new SourceDefinition(
        SourceName.of(name),
        SourceKind.File.atPath(Path.of("/data/" + name + ".json")),
        Optional.of(Duration.ofMinutes(10)),
        EntryFilter.NONE,
        claims);
  }

  static RegistryDefinition registry(String name, Claims claims, String... sources) {
    return new RegistryDefinition(
        RegistryName.of(name), List.of(sources).stream().map(SourceName::of).toList(), claims);
  }

  static ServerManifest server(String name, Claims claims) {
    return TwoSourceRegistry.server(name, "1.0.0", claims);
  }

  static List<String> names(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return StreamSupport.stream(json(response).get("servers").spliterator(), false)
        .map(item -> item.at("/server/name").asText())
        .toList();
  }

  static List<String> field(HttpResponse<String> response, String list, String name) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return StreamSupport.stream(json(response).get(list).spliterator(), false)
        .map(item -> item.get(name).asText())
        .toList();
  }

  static void assertForbidden(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    assertThat(json(response).get("error").asText())
        .isEqualTo("forbidden: insufficient permissions");
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithRoleRules {
    private Catalog catalog;
    private final String superAdmin = token("root", Map.of("role", "super-admin"));
    private final String platformAdmin =
        token("pat", Map.of("org", "acme", "team", "platform", "role", "admin"));
    private final String platformReader = token("pia", Map.of("org", "acme", "team", "platform"));
    private final String dataReader = token("dan", Map.of("org", "acme", "team", "data"));
    private final String bothTeams =
        token("bo", Map.of("org", "acme", "team", List.of("platform", "data")));
    private final String writer =
        token(
            "wes", Map.of("org", "acme", "team", "data", "groups", List.of("readers", "writers")));
    private final String outsider = token("eve", Map.of("org", "globex", "level", 7));
    private final String noClaims = token("nemo", Map.of());

    @BeforeAll
    void start() {
      catalog = new Catalog(oauth().withAuthz(RULES));
    }

    @AfterAll
    void stop() {
      catalog.close();
    }

    private HttpResponse<String> get(String path, String token) {
      return catalog.api.get(path, token);
    }

    @Test
    void eachCallerIsServedTheEntriesItsClaimsReachAndTheFirstSourceItSeesForAName() {
      String servers = "/registry/acme-all/v0.1/servers";
      assertThat(names(get(servers, platformReader)))
          .containsExactly("io.acme/both", "io.acme/deploy", "io.acme/shadowed");
      assertThat(names(get(servers, dataReader)))
          .containsExactly("io.acme/both", "io.acme/shadowed", "io.acme/warehouse");
      // Shadowing: the data team is served data-tools' io.acme/shadowed, hidden behind
      // platform-tools' for everyone who sees both.
      String shadowed = "/registry/acme-all/v0.1/servers/io.acme%2Fshadowed/versions/latest";
      assertThat(json(get(shadowed, dataReader)).at("/server/name").asText())
          .isEqualTo("io.acme/shadowed");
      assertThat(names(get(servers, bothTeams)))
          .containsExactly(
              "io.acme/both", "io.acme/deploy", "io.acme/shadowed", "io.acme/warehouse");
      assertThat(names(get(servers, superAdmin)))
          .containsExactly(
              "io.acme/both",
              "io.acme/deploy",
              "io.acme/shadowed",
              "io.acme/untagged",
              "io.acme/warehouse");
    }

    @Test
    void aHiddenEntryIsNotFoundAndItsVersionsAreNotListed() {
      String deploy = "/registry/acme-all/v0.1/servers/io.acme%2Fdeploy/versions";
      assertThat(get(deploy + "/1.0.0", dataReader).statusCode()).isEqualTo(404);
      assertThat(get(deploy + "/latest", dataReader).statusCode()).isEqualTo(404);
      assertThat(get(deploy, dataReader).statusCode()).isEqualTo(404);
      assertThat(get(deploy + "/1.0.0", platformReader).statusCode()).isEqualTo(200);
    }

    @Test
    void theRegistryGateRefusesCallersWhoseClaimsDoNotReachTheRegistry() {
      HttpResponse<String> refused = get("/registry/acme-platform/v0.1/servers", dataReader);
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(json(refused).get("error").asText())
          .startsWith("forbidden: insufficient claims for registry");
      assertThat(get("/registry/acme-all/v0.1/servers", outsider).statusCode()).isEqualTo(403);
      assertThat(get("/registry/acme-all/v0.1/servers", noClaims).statusCode()).isEqualTo(403);
      // Untagged: default-deny for everyone but super admins.
      assertThat(get("/registry/untagged/v0.1/servers", platformAdmin).statusCode()).isEqualTo(403);
      assertThat(names(get("/registry/untagged/v0.1/servers", superAdmin)))
          .containsExactly("io.acme/untagged");
    }

    @Test
    void meListsTheRolesTheTokenEarns() {
      assertThat(json(get("/v1/me", superAdmin)).get("roles"))
          .extracting(JsonNode::asText)
          .containsExactly("superAdmin");
      assertThat(json(get("/v1/me", platformAdmin)).get("roles"))
          .extracting(JsonNode::asText)
          .containsExactly("manageSources");
      assertThat(json(get("/v1/me", writer)).get("roles"))
          .extracting(JsonNode::asText)
          .containsExactly("manageEntries");
      JsonNode nobody = json(get("/v1/me", outsider));
      assertThat(nobody.get("subject").asText()).isEqualTo("eve");
      assertThat(nobody.get("roles")).isEmpty();
    }

    @Test
    void sourcesNeedManageSourcesAndShowOnlyWhatTheCallerSees() {
      assertThat(field(get("/v1/sources", platformAdmin), "sources", "name"))
          .containsExactly("platform-tools");
      assertThat(field(get("/v1/sources", superAdmin), "sources", "name"))
          .containsExactlyInAnyOrder("platform-tools", "data-tools", "shared");
      assertForbidden(get("/v1/sources", platformReader));
      assertForbidden(get("/v1/sources", writer));
      assertForbidden(get("/v1/sources/platform-tools", noClaims));
      assertThat(get("/v1/sources/platform-tools", platformAdmin).statusCode()).isEqualTo(200);
      // Hidden and missing look alike.
      HttpResponse<String> hidden = get("/v1/sources/data-tools", platformAdmin);
      HttpResponse<String> missing = get("/v1/sources/nowhere", platformAdmin);
      assertThat(hidden.statusCode()).isEqualTo(404);
      assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void anOnDemandSyncNeedsManageSourcesAndASourceTheCallerSees() {
      assertForbidden(post("/v1/sources/platform-tools/sync", platformReader));
      assertThat(post("/v1/sources/data-tools/sync", platformAdmin).statusCode()).isEqualTo(404);
      assertThat(catalog.api.sync.requested).isEmpty();
      assertThat(post("/v1/sources/platform-tools/sync", platformAdmin).statusCode())
          .isEqualTo(202);
      assertThat(catalog.api.sync.requested).containsExactly(SourceName.of("platform-tools"));
    }

    private HttpResponse<String> post(String path, String token) {
      return catalog.api.send(
          HttpRequest.newBuilder(catalog.api.publicUri(path))
              .POST(HttpRequest.BodyPublishers.noBody())
              .header("Authorization", "Bearer " + token));
    }

    @Test
    void registriesAreListedByVisibilityAndAHiddenOneIsNotFound() {
      assertThat(field(get("/v1/registries", platformReader), "registries", "name"))
          .containsExactly("acme-all", "acme-platform");
      assertThat(field(get("/v1/registries", dataReader), "registries", "name"))
          .containsExactly("acme-all");
      assertThat(field(get("/v1/registries", noClaims), "registries", "name")).isEmpty();
      assertThat(field(get("/v1/registries", superAdmin), "registries", "name"))
          .containsExactly("acme-all", "acme-platform", "untagged");
      assertThat(get("/v1/registries/acme-platform", dataReader).statusCode()).isEqualTo(404);
      JsonNode platform = json(get("/v1/registries/acme-platform", platformReader));
      assertThat(platform.get("sources")).extracting(JsonNode::asText).contains("platform-tools");
      // A reader sees the registry, not the details of its sources.
      assertThat(platform.get("sourceStatus")).isEmpty();
      assertThat(json(get("/v1/registries/acme-platform", platformAdmin)).get("sourceStatus"))
          .hasSize(1);
    }

    @Test
    void aCachedPageIsNeverServedToACallerWhoSeesOtherwise() {
      String page = "/registry/acme-all/v0.1/servers?limit=2";
      for (int round = 0; round < 2; round++) {
        assertThat(names(get(page, platformReader)))
            .containsExactly("io.acme/both", "io.acme/deploy");
        assertThat(names(get(page, dataReader)))
            .containsExactly("io.acme/both", "io.acme/shadowed");
        assertThat(names(get(page, superAdmin))).containsExactly("io.acme/both", "io.acme/deploy");
        assertThat(get(page, outsider).statusCode()).isEqualTo(403);
      }
      HttpResponse<String> answer = get(page, platformReader);
      assertThat(answer.headers().firstValue("Cache-Control"))
          .hasValueSatisfying(value -> assertThat(value).startsWith("private"));
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class PagingUnderClaims {
    private final InMemoryStorage storage = new InMemoryStorage();
    private ServedCatalogs catalogs;
    private ServedApi api;

    @BeforeAll
    void start() {
      storage.applyConfiguration(
          new CatalogLayout(
              List.of(source("tools", ACME)), List.of(registry("acme", ACME, "tools")), null));
      // Twenty names, every other one hidden from the platform team: with a limit of two, a
      // hidden entry sits on every page boundary.
      List<ServerManifest> servers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        servers.add(server("io.acme/s%02d".formatted(i), i % 2 == 0 ? PLATFORM : DATA));
      }
      storage.replaceSourceContents(SourceName.of("tools"), servers);
      catalogs =
          new ServedCatalogs(storage, storage, new JsonServedVersionEncoder(), Duration.ofHours(1));
      catalogs.start();
      api =
          new ServedApi(
              oauth().withAuthz(RULES),
              new BrowseCatalogService(catalogs, RegistryName.of("acme")),
              new InspectSourcesService(storage, storage));
    }

    @AfterAll
    void stop() {
      api.close();
      catalogs.close();
    }

    @Test
    void everyPageButTheLastIsFullAndNoCursorNamesAHiddenEntry() {
      String platform = token("pia", Map.of("org", "acme", "team", "platform"));
      List<String> seen = new ArrayList<>();
      List<String> cursors = new ArrayList<>();
      String cursor = null;
      do {
        HttpResponse<String> response =
            api.get(
                "/registry/acme/v0.1/servers?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                platform);
        List<String> page = names(response);
        seen.addAll(page);
        JsonNode next = json(response).at("/metadata/nextCursor");
        cursor =
            next.isMissingNode() || next.isNull() || next.asText().isEmpty() ? null : next.asText();
        if (cursor != null) {
          assertThat(page).hasSize(2);
          cursors.add(Cursor.decode(cursor).name().value());
        }
      } while (cursor != null);

      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 20; i += 2) {
        expected.add("io.acme/s%02d".formatted(i));
      }
      assertThat(seen).containsExactlyElementsOf(expected);
      assertThat(cursors).isNotEmpty().allMatch(seen::contains);
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithoutRoleRules {
    private Catalog authOnly;
    private Catalog anonymous;

    @BeforeAll
    void start() {
      authOnly = new Catalog(oauth());
      anonymous = new Catalog(AuthSettings.ANONYMOUS);
    }

    @AfterAll
    void stop() {
      authOnly.close();
      anonymous.close();
    }

    @Test
    void anyValidTokenHoldsEveryRoleAndSeesEverythingInAuthOnlyMode() {
      String nobody = token("nemo", Map.of());
      assertThat(authOnly.api.get("/registry/acme-all/v0.1/servers").statusCode()).isEqualTo(401);
      assertThat(names(authOnly.api.get("/registry/untagged/v0.1/servers", nobody)))
          .containsExactly("io.acme/untagged");
      assertThat(names(authOnly.api.get("/registry/acme-all/v0.1/servers", nobody))).hasSize(5);
      assertThat(json(authOnly.api.get("/v1/me", nobody)).get("roles"))
          .extracting(JsonNode::asText)
          .containsExactly("superAdmin", "manageSources", "manageRegistries", "manageEntries");
      assertThat(field(authOnly.api.get("/v1/sources", nobody), "sources", "name")).hasSize(3);
    }

    @Test
    void anonymousCallersSeeEverything() {
      assertThat(names(anonymous.api.get("/registry/acme-all/v0.1/servers"))).hasSize(5);
      assertThat(names(anonymous.api.get("/registry/untagged/v0.1/servers"))).hasSize(1);
      assertThat(field(anonymous.api.get("/v1/registries"), "registries", "name")).hasSize(3);
      assertThat(field(anonymous.api.get("/v1/sources"), "sources", "name")).hasSize(3);
    }
  }
}
