package dev.waggle.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.WaggleConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * End to end in a real browser: a Waggle started from a config file with file sources on embedded
 * PostgreSQL, and its web catalog at {@code /ui} read by headless chromium the way a person reads
 * it — the list, a search, a server's page, the back button, a deep link, skills — with a
 * screenshot of each view under {@code target/ui-screenshots/}.
 */
class WebCatalogBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCHEMA =
      "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";
  private static final String XSS =
      "<img src=x onerror=\"window.__xss='img'\"><script>window.__xss='script'</script> & more";

  /** Enough servers for more than one page of 24. */
  private static final List<String> FLEET =
      List.of(
          "airtable",
          "asana",
          "bigquery",
          "calendar",
          "confluence",
          "docker",
          "figma",
          "filesystem",
          "gitlab",
          "gmail",
          "grafana",
          "jira",
          "kubernetes",
          "linear",
          "notion",
          "postgres",
          "redis",
          "sentry",
          "slack",
          "snowflake",
          "stripe",
          "terraform",
          "zendesk");

  /** A date as the page shows it. */
  private static final String DATE = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d utc";

  @TempDir Path dir;

  @Test
  void aPersonBrowsesSearchesOpensAServerGoesBackAndFollowsDeepLinks() throws Exception {
    writeCatalogs();
    try (Launcher waggle = serve("auth: {mode: anonymous}\n");
        HeadlessChromium chromium = HeadlessChromium.startOrSkip(dir.resolve("profile"))) {
      URI base = waggle.publicUrl();
      WebDriver browser = chromium.driver();
      awaitSynced(base);

      // The bare /ui is sent on to /ui/, and the list shows the first page of latest versions.
      browser.get(base + "/ui");
      List<String> firstPage = listed(chromium, 24);
      assertThat(browser.getCurrentUrl()).isEqualTo(base + "/ui/");
      assertThat(firstPage).contains("Weather", "notes", "<b>Mischief</b>");
      assertThat(
              new Select(browser.findElement(By.id("registry"))).getFirstSelectedOption().getText())
          .isEqualTo("main (default)");
      chromium.screenshot("servers-list");

      // The next page holds the rest, and the back button returns to the first.
      browser.findElement(By.cssSelector(".pager-next")).click();
      List<String> secondPage = listed(chromium, 2);
      assertThat(secondPage).doesNotContainAnyElementsOf(firstPage);
      browser.navigate().back();
      listed(chromium, 24);

      // A search narrows the list to the names that contain it.
      WebElement search = browser.findElement(By.id("search"));
      search.sendKeys("weath", Keys.ENTER);
      List<String> found = listed(chromium, 1);
      assertThat(found).containsExactly("Weather");
      assertThat(browser.getCurrentUrl()).endsWith("#/?q=weath");
      chromium.screenshot("servers-search");

      // Its page: description, packages with transports, remotes, versions with status and dates.
      browser.findElement(By.cssSelector("#main .cards > li a")).click();
      chromium.until(d -> text(d, "#server-detail h1").equals("Weather") ? true : null);
      assertThat(text(browser, "#description")).isEqualTo("Forecasts and alerts for any city.");
      assertThat(text(browser, "#packages"))
          .contains("npm", "@acme/weather-mcp", "stdio", "oci", "ghcr.io/acme/weather:1.1.0")
          .contains("WEATHER_API_KEY", "required", "secret");
      assertThat(text(browser, "#remotes"))
          .contains("streamable-http", "https://weather.example.com/mcp");
      List<String> versions = rows(browser);
      assertThat(versions).hasSize(2);
      assertThat(versions.get(0))
          .matches("1\\.1\\.0 latest \\| active \\| " + DATE + " \\| " + DATE);
      assertThat(versions.get(1)).matches("1\\.0\\.0 \\| deprecated \\| " + DATE + " \\| " + DATE);
      assertThat(
              browser
                  .findElement(By.linkText("https://github.com/acme/weather-mcp"))
                  .getAttribute("href"))
          .isEqualTo("https://github.com/acme/weather-mcp");
      chromium.screenshot("server-detail");

      // The back button returns to the search as it was.
      browser.navigate().back();
      assertThat(listed(chromium, 1)).containsExactly("Weather");
      assertThat(browser.findElement(By.id("search")).getAttribute("value")).isEqualTo("weath");

      // A deep link to one version, opened directly and reloaded, shows that version.
      String deepLink =
          base + "/ui/?registry=main#/servers/io.github.acme%2Fweather/versions/1.0.0";
      browser.get(deepLink);
      chromium.until(d -> text(d, "#versions tr.current").startsWith("1.0.0") ? true : null);
      assertThat(text(browser, "#description")).isEqualTo("Forecasts for any city.");
      assertThat(text(browser, "#server-detail .card-name")).contains("v1.0.0", "DEPRECATED");
      browser.navigate().refresh();
      chromium.until(d -> text(d, "#versions tr.current").startsWith("1.0.0") ? true : null);
      assertThat(browser.getCurrentUrl()).isEqualTo(deepLink);

      // Text from a registry is shown as text: no tag it carries is ever made into an element.
      browser.get(base + "/ui/#/servers/io.github.mallory%2Fmischief");
      chromium.until(d -> text(d, "#description").equals(XSS) ? true : null);
      assertThat(text(browser, "#server-detail h1")).isEqualTo("<b>Mischief</b>");
      assertThat(browser.findElements(By.cssSelector("#main img[src='x'], #main script")))
          .isEmpty();
      assertThat(((JavascriptExecutor) browser).executeScript("return window.__xss === undefined"))
          .isEqualTo(true);
      assertThat(text(browser, "#server-detail .facts")).contains("javascript:window.__xss='link'");
      assertThat(browser.findElements(By.cssSelector("#main a[href^='javascript']")))
          .as("a javascript: website is shown, not linked")
          .isEmpty();

      // Skills of the registry, and one skill's versions.
      browser.findElement(By.cssSelector("#tabs a[data-section=skills]")).click();
      List<String> skills = listed(chromium, 1);
      assertThat(skills).containsExactly("PDF tools");
      browser.findElement(By.cssSelector("#main .cards > li a")).click();
      chromium.until(d -> text(d, "#extension-detail h1").equals("PDF tools") ? true : null);
      assertThat(rows(browser)).containsExactly("1.1.0 | deprecated", "1.0.0 | active");
      assertThat(text(browser, "#packages")).contains("oci", "ghcr.io/acme/pdf:1.1.0");
      chromium.screenshot("skill-detail");

      // Another registry by its name in the link.
      browser.get(base + "/ui/?registry=community#/");
      assertThat(listed(chromium, 1)).containsExactly("hello");
      assertThat(
              new Select(browser.findElement(By.id("registry"))).getFirstSelectedOption().getText())
          .isEqualTo("community");
    }
  }

  @Test
  void theCatalogPageCarriesAStrictContentSecurityPolicyAndItsSettingsNameTheDefaultRegistry()
      throws Exception {
    writeCatalogs();
    try (Launcher waggle = serve("auth: {mode: anonymous}\n")) {
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> page =
          client.send(
              HttpRequest.newBuilder(URI.create(waggle.publicUrl() + "/ui/")).build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> missing =
          client.send(
              HttpRequest.newBuilder(URI.create(waggle.publicUrl() + "/ui/assets/../../v1/me"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> settings =
          client.send(
              HttpRequest.newBuilder(URI.create(waggle.publicUrl() + "/ui/settings.json")).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("content-type")).hasValue("text/html;charset=utf-8");
      assertThat(page.headers().firstValue("content-security-policy").orElseThrow())
          .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'")
          .doesNotContain("unsafe-inline", "unsafe-eval");
      assertThat(page.body()).doesNotContain("http://", "<script>").contains("assets/app.js");
      assertThat(missing.statusCode()).isIn(400, 404);
      assertThat(JSON.readTree(settings.body()).get("defaultRegistry").asText()).isEqualTo("main");
    }
  }

  @Test
  void withOauthThePageAsksForATokenAndReadsTheCatalogWithIt() throws Exception {
    writeCatalogs();
    try (TestIdentityProvider provider = TestIdentityProvider.start();
        Launcher waggle =
            serve(
                """
                auth:
                  mode: oauth
                  oauth:
                    resourceUrl: https://registry.example
                    providers:
                      - {name: corp, issuerUrl: "%s", audience: waggle-api}
                """
                    .formatted(provider.issuer()));
        HeadlessChromium chromium = HeadlessChromium.startOrSkip(dir.resolve("profile"))) {
      WebDriver browser = chromium.driver();
      browser.get(waggle.publicUrl() + "/ui/");
      chromium.until(d -> d.findElement(By.id("auth")).isDisplayed() ? true : null);
      assertThat(text(browser, "#auth")).contains("needs a sign-in", "bearer token");
      assertThat(text(browser, "#error")).contains("401");
      chromium.screenshot("sign-in");

      browser.findElement(By.id("token-input")).sendKeys(provider.token("waggle-api"), Keys.ENTER);
      assertThat(listed(chromium, 24)).contains("Weather");
      assertThat(
              ((JavascriptExecutor) browser)
                  .executeScript("return window.localStorage.length + document.cookie.length"))
          .as("the token is kept in sessionStorage only")
          .isEqualTo(0L);
    }
  }

  private Launcher serve(String auth) {
    DatabaseBlock database = DatabaseBlock.fresh();
    WaggleConfig config =
        new ConfigLoader(database.env(), dir, dir.resolve("home"))
            .parse(
                """
                sources:
                  - name: acme
                    file: {path: acme.json}
                    syncPolicy: {interval: 1h}
                  - name: hello
                    file: {path: hello.json}
                    syncPolicy: {interval: 1h}
                registries:
                  - {name: main, sources: [acme]}
                  - {name: community, sources: [hello]}
                """
                    + auth
                    + database.yaml())
            .orElseThrow();
    return Launcher.start(config, LoopbackLaunch.options(dir.resolve("waggle-home")));
  }

  /** Both sources synced, read through the API before any page is opened. */
  private static void awaitSynced(URI base) {
    Api api = new Api(base);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(api.get("/registry/main/v0.1/servers?limit=1").status()).isEqualTo(200);
              assertThat(api.ok("/registry/community/v0.1/servers").get("servers").size())
                  .isEqualTo(1);
              assertThat(api.ok("/registry/main/v0.1/x/dev.toolhive/skills").get("skills").size())
                  .isEqualTo(2);
            });
  }

  private void writeCatalogs() throws Exception {
    ObjectNode acme = file();
    ArrayNode servers = acme.withObject("data").withArray("servers");
    ObjectNode old = server(servers, "io.github.acme/weather", "1.0.0", "Forecasts for any city.");
    old.put("title", "Weather");
    old.putObject("_meta")
        .putObject("io.modelcontextprotocol.registry/publisher-provided")
        .putObject("io.github.stacklok")
        .putObject("@acme/weather-mcp")
        .put("status", "deprecated");
    npm(old, "@acme/weather-mcp", "1.0.0");
    ObjectNode weather =
        server(servers, "io.github.acme/weather", "1.1.0", "Forecasts and alerts for any city.");
    weather.put("title", "Weather");
    weather.put("websiteUrl", "https://weather.example.com");
    weather
        .putObject("repository")
        .put("url", "https://github.com/acme/weather-mcp")
        .put("source", "github");
    weather.putArray("icons").addObject().put("src", "https://icons.invalid/weather.png");
    ObjectNode npm = npm(weather, "@acme/weather-mcp", "1.1.0");
    npm.putArray("environmentVariables")
        .addObject()
        .put("name", "WEATHER_API_KEY")
        .put("description", "Key of the weather service")
        .put("isRequired", true)
        .put("isSecret", true);
    ObjectNode oci = weather.withArray("packages").addObject();
    oci.put("registryType", "oci").put("identifier", "ghcr.io/acme/weather:1.1.0");
    oci.putObject("transport").put("type", "stdio");
    weather
        .putArray("remotes")
        .addObject()
        .put("type", "streamable-http")
        .put("url", "https://weather.example.com/mcp");
    npm(
        server(servers, "io.github.acme/notes", "0.3.0", "Notes in Markdown files."),
        "@acme/notes",
        "0.3.0");
    ObjectNode mischief = server(servers, "io.github.mallory/mischief", "1.0.0", XSS);
    mischief.put("title", "<b>Mischief</b>");
    mischief.put("websiteUrl", "javascript:window.__xss='link'");
    for (String name : FLEET) {
      npm(
          server(servers, "io.github.team/" + name, "2.0.0", "Reads and writes " + name + " data."),
          "@fleet/" + name,
          "2.0.0");
    }
    ArrayNode skills = acme.withObject("data").putArray("skills");
    skill(skills, "1.0.0", "active");
    skill(skills, "1.1.0", "deprecated");
    write(acme, "acme.json");

    ObjectNode hello = file();
    npm(
        server(
            hello.withObject("data").withArray("servers"),
            "io.example/hello",
            "1.0.0",
            "Says hello."),
        "@example/hello",
        "1.0.0");
    write(hello, "hello.json");
  }

  private static ObjectNode file() {
    ObjectNode file = JSON.createObjectNode();
    file.put("version", "1.0.0");
    file.putObject("meta").put("last_updated", "2026-10-01T00:00:00Z");
    file.putObject("data").putArray("servers");
    return file;
  }

  private static ObjectNode server(ArrayNode servers, String name, String version, String text) {
    ObjectNode server = servers.addObject();
    server.put("$schema", SCHEMA);
    server.put("name", name);
    server.put("description", text);
    server.put("version", version);
    return server;
  }

  private static ObjectNode npm(ObjectNode server, String identifier, String version) {
    ObjectNode npm = server.withArray("packages").addObject();
    npm.put("registryType", "npm").put("identifier", identifier).put("version", version);
    npm.putObject("transport").put("type", "stdio");
    return npm;
  }

  private static void skill(ArrayNode skills, String version, String status) {
    ObjectNode skill = skills.addObject();
    skill.put("namespace", "io.github.acme").put("name", "pdf").put("title", "PDF tools");
    skill.put("description", "Reads and fills PDF forms.").put("version", version);
    skill.put("status", status);
    skill
        .putArray("packages")
        .addObject()
        .put("registryType", "oci")
        .put("identifier", "ghcr.io/acme/pdf:" + version);
  }

  private void write(ObjectNode document, String file) throws Exception {
    Files.writeString(
        dir.resolve(file), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
  }

  /** The titles on the list's cards, once there are {@code count} of them. */
  private static List<String> listed(HeadlessChromium chromium, int count) {
    return chromium.until(d -> cards(d, count));
  }

  /**
   * The titles on the list's cards once there are exactly {@code count} and the page is not
   * loading, else null to keep waiting.
   */
  private static List<String> cards(WebDriver browser, int count) {
    List<WebElement> titles = browser.findElements(By.cssSelector("#main .cards > li .title"));
    if (titles.size() != count
        || browser.findElement(By.id("main")).getAttribute("aria-busy") != null) {
      return null;
    }
    return titles.stream().map(WebElement::getText).toList();
  }

  private static String text(WebDriver browser, String css) {
    List<WebElement> found = browser.findElements(By.cssSelector(css));
    return found.isEmpty() ? "" : found.get(0).getText();
  }

  /** The versions table, one line per row, cells joined by " | ", lower case (badges are not). */
  private static List<String> rows(WebDriver browser) {
    return browser.findElements(By.cssSelector("#versions tbody tr")).stream()
        .map(
            row ->
                String.join(
                    " | ",
                    row.findElements(By.tagName("td")).stream()
                        .map(cell -> cell.getText().toLowerCase(java.util.Locale.ROOT))
                        .toList()))
        .toList();
  }
}
