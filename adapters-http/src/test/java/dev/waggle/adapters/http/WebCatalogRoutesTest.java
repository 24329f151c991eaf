package dev.waggle.adapters.http;

import static dev.waggle.adapters.http.RunningApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The web catalog's routes on the public listener: its page and files from the jar under a strict
 * Content-Security-Policy, and in OAuth mode the page open to all while its settings, like the
 * catalog, need a token.
 */
class WebCatalogRoutesTest {
  private RunningApi api;
  private TestIssuer issuer;

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
    if (issuer != null) {
      issuer.close();
    }
  }

  private static FakeBrowseCatalog catalog() {
    return new FakeBrowseCatalog()
        .with(
            FakeBrowseCatalog.DEFAULT, Listings.active("io.github.acme/weather", "1.0.0", true, 0));
  }

  @Test
  void thePageAndItsFilesAreServedFromTheJarUnderAStrictContentSecurityPolicy() {
    api = new RunningApi(catalog());

    HttpResponse<String> page = api.get("/ui/");
    HttpResponse<String> script = api.get("/ui/assets/app.js");
    HttpResponse<String> style = api.get("/ui/assets/style.css");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(page.body()).contains("<script type=\"module\" src=\"assets/app.js\">");
    for (HttpResponse<String> answer : List.of(page, script, style)) {
      assertThat(answer.headers().firstValue("Content-Security-Policy"))
          .hasValue(WebCatalogHandler.CONTENT_SECURITY_POLICY);
      assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }
    assertThat(WebCatalogHandler.CONTENT_SECURITY_POLICY)
        .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'")
        .doesNotContain("unsafe-inline", "unsafe-eval", "*");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/javascript");
    assertThat(style.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
  }

  @Test
  void everyFileOfThePageIsBuiltWithoutParsingMarkup() {
    api = new RunningApi(catalog());

    for (String file : List.of("app.js", "api.js", "dom.js", "views.js")) {
      HttpResponse<String> script = api.get("/ui/assets/" + file);
      assertThat(script.statusCode()).as(file).isEqualTo(200);
      assertThat(script.body())
          .as(file)
          .doesNotContain(
              "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
    }
  }

  @Test
  void theBarePathIsSentOnToTheSlashKeepingItsQuery() {
    api = new RunningApi(catalog());

    HttpResponse<String> bare = api.get("/ui?registry=team");

    assertThat(bare.statusCode()).isEqualTo(302);
    assertThat(bare.headers().firstValue("Location")).hasValue("/ui/?registry=team");
  }

  @Test
  void aFileIsRevalidatedByItsETagAndAnUnknownOneIsA404() {
    api = new RunningApi(catalog());
    HttpResponse<String> first = api.get("/ui/assets/views.js");
    String etag = first.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> again =
        api.send(
            HttpRequest.newBuilder(api.publicUri("/ui/assets/views.js"))
                .header("If-None-Match", etag));
    HttpResponse<String> unknown = api.get("/ui/assets/secrets.txt");

    assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).get("detail").asText()).contains("secrets.txt");
  }

  @Test
  void theSettingsNameTheDefaultRegistry() {
    api = new RunningApi(catalog());

    HttpResponse<String> settings = api.get("/ui/settings.json");

    assertThat(settings.statusCode()).isEqualTo(200);
    assertThat(json(settings).get("defaultRegistry").asText()).isEqualTo("default");
    assertThat(settings.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void inOauthModeThePageIsOpenButItsSettingsAndTheCatalogNeedAToken() throws Exception {
    issuer = new TestIssuer();
    api =
        new RunningApi(
            catalog(),
            AuthSettings.oauth(
                new OAuthSettings(
                    Optional.of(URI.create("https://registry.example/")),
                    "waggle",
                    List.of(OAuthProvider.discovered("test", issuer.issuer(), TestIssuer.AUDIENCE)),
                    false),
                List.of()));

    for (String open : List.of("/ui", "/ui/", "/ui/assets/app.js", "/ui/assets/style.css")) {
      assertThat(api.get(open).statusCode()).as(open).isIn(200, 302);
    }
    for (String closed :
        List.of("/ui/settings.json", "/ui/assets/..%2Fsettings.json", "/v0.1/servers")) {
      assertThat(api.get(closed).statusCode()).as(closed).isEqualTo(401);
    }
    // Jetty refuses an encoded dot segment before any route or token check.
    assertThat(api.get("/ui/assets/%2e%2e/settings.json").statusCode()).isEqualTo(400);
    HttpResponse<String> withToken =
        api.get("/ui/settings.json", issuer.rsaToken(issuer.claims().build()));
    assertThat(withToken.statusCode()).isEqualTo(200);
  }
}
