package dev.waggle.adapters.http;

import static dev.waggle.adapters.http.RunningApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionStatus;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Waggle's own OpenAPI document describes what the server actually does. */
class WaggleOpenApiTest {
  static final OpenApiSchemas WAGGLE = OpenApiSchemas.waggle();
  static RunningApi api;

  @BeforeAll
  static void start() {
    api =
        new RunningApi(
            new FakeBrowseCatalog()
                .with(
                    FakeBrowseCatalog.DEFAULT,
                    Listings.active("io.github.acme/weather", "1.0.0", false, 0),
                    Listings.listing(
                        "io.github.acme/weather",
                        "1.1.0",
                        ServerStatus.DEPRECATED,
                        "moved to io.github.acme/forecast",
                        true,
                        1)));
    api.sync.answer("catalog", SyncOutcome.Result.UPDATED, "Sync completed");
    // Named "catalog": the path check fills every {name} with it.
    api.extensions
        .add(ExtensionKind.SKILL, "io.github.acme", "catalog", "1.0.0", ExtensionStatus.ACTIVE)
        .add(ExtensionKind.PLUGIN, "io.github.acme", "catalog", "1.0.0", ExtensionStatus.ACTIVE);
    api.sync.requestSync(dev.waggle.domain.source.SourceName.of("catalog"));
    api.sync.finish("catalog");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void theOnDemandSyncAnswersWithItsDocumentedSchemas() {
    HttpResponse<String> ok =
        api.send(
            HttpRequest.newBuilder(api.publicUri("/v1/sources/catalog/sync"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    HttpResponse<String> missing =
        api.send(
            HttpRequest.newBuilder(api.publicUri("/v1/sources/missing/sync"))
                .POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(ok.statusCode()).isEqualTo(202);
    assertThat(OpenApiSchemas.errors(WAGGLE.component("SourceInfo"), json(ok))).isEmpty();
    assertThat(
            WAGGLE
                .document
                .at("/paths/~1v1~1sources~1{name}~1sync/post/responses/404")
                .isMissingNode())
        .isFalse();
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(OpenApiSchemas.errors(WAGGLE.component("Problem"), json(missing))).isEmpty();
  }

  @Test
  void everyDocumentedGetPathIsServedWithTheDocumentedResponseSchema() {
    List<String> paths = new ArrayList<>();
    WAGGLE
        .document
        .get("paths")
        .properties()
        .forEach(
            path -> {
              if (path.getValue().has("get")) {
                paths.add(path.getKey());
              }
            });

    // 6 read and status routes, each under /v0.1 and /v0, per registry and bare; 2 documents;
    // the sources' sync status, the registries and one registry's; 4 skill and 4 plugin routes;
    // /v1/me and the OAuth protected resource document, which only oauth mode serves
    // (BearerTokenTest); an entry's claims; the entries of a source and of a registry, served with
    // the admin use cases (CatalogAdminRoutesTest checks them against their schemas).
    assertThat(paths).hasSize(43);
    paths.remove("/.well-known/oauth-protected-resource");
    paths.remove(CatalogAdminHandler.SOURCE_ENTRIES);
    paths.remove(CatalogAdminHandler.REGISTRY_ENTRIES);
    for (String path : paths) {
      String mediaType = path.endsWith(".yaml") ? "application/yaml" : "application/json";
      HttpResponse<String> response =
          api.get(
              path.replace("/v1/registries/{name}", "/v1/registries/" + FakeTriggerSync.REGISTRY)
                  .replace("{name}", "catalog")
                  .replace("{registry}", "default")
                  .replace("{type}", "skill")
                  .replace("{namespace}", "io.github.acme")
                  .replace("{serverName}", "io.github.acme%2Fweather")
                  .replace("{version}", "latest"));

      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue(mediaType);
      if (mediaType.equals("application/json")) {
        assertThat(OpenApiSchemas.errors(WAGGLE.response(path, 200, mediaType), json(response)))
            .as(path)
            .isEmpty();
      }
    }
  }

  @Test
  void errorBodiesMatchTheDocumentedProblemSchema() {
    for (String path :
        List.of(
            "/v0.1/servers?limit=abc&cursor=x",
            "/v0.1/servers/io.github.acme%2Fnope/versions",
            "/registry/secret/v0.1/servers",
            "/registry/broken/v0.1/servers")) {
      HttpResponse<String> response = api.get(path);
      JsonNode body = json(response);

      assertThat(OpenApiSchemas.errors(WAGGLE.component("Problem"), body)).as(path).isEmpty();
      String documented =
          "/v0.1/servers" + (path.contains("versions") ? "/{serverName}/versions" : "");
      if (path.startsWith("/registry")) {
        documented = "/registry/{registry}" + documented;
      }
      assertThat(
              OpenApiSchemas.errors(
                  WAGGLE.response(documented, response.statusCode(), ProblemJson.CONTENT_TYPE),
                  body))
          .as(path)
          .isEmpty();
    }
  }
}
