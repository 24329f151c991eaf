package dev.waggle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConditionalResponsesTest {
  private static final String SERVERS = "/registry/default/v0.1/servers";
  private final HttpClient client = HttpClient.newHttpClient();
  private FakeBrowseCatalog catalog;
  private RunningApi api;

  @BeforeEach
  void start() {
    List<dev.waggle.domain.catalog.ServerListing> listings = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      listings.add(Listings.active("io.github.acme/server-" + (100 + i), "1.0.0", true, i));
    }
    catalog =
        new FakeBrowseCatalog()
            .with(
                FakeBrowseCatalog.DEFAULT,
                listings.toArray(dev.waggle.domain.catalog.ServerListing[]::new));
    api = new RunningApi(catalog);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpResponse<byte[]> get(String path, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(api.publicUri(path)).timeout(Duration.ofSeconds(10)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  private static JsonNode json(byte[] body) throws IOException {
    return RunningApi.JSON.readTree(body);
  }

  @Test
  void givenTheTagOfTheLastAnswer_whenNothingChanged_thenTheAnswerIsNotModifiedWithoutABody() {
    HttpResponse<byte[]> first = get(SERVERS + "?limit=5");
    String tag = header(first, "ETag");

    HttpResponse<byte[]> again = get(SERVERS + "?limit=5", "If-None-Match", tag);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(tag).matches("\"[0-9]+-[A-Za-z0-9_-]+\"");
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(header(again, "ETag")).isEqualTo(tag);
    assertThat(get(SERVERS + "?limit=5", "If-None-Match", "\"other\", W/" + tag).statusCode())
        .as("one of several tags, compared weakly")
        .isEqualTo(304);
  }

  @Test
  void theTagChangesWithTheGenerationAndWithTheRequestButNotWithItsSpelling() {
    String tag = header(get(SERVERS + "?limit=5"), "ETag");

    assertThat(header(get(SERVERS + "?limit=5&search="), "ETag"))
        .as("an empty search is no search")
        .isEqualTo(tag);
    assertThat(header(get(SERVERS + "?limit=6"), "ETag")).isNotEqualTo(tag);
    assertThat(header(get("/v0.1/servers?limit=5"), "ETag"))
        .as("the default registry's bare path is the same request")
        .isEqualTo(tag);

    catalog.moveGeneration();

    HttpResponse<byte[]> after = get(SERVERS + "?limit=5", "If-None-Match", tag);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(header(after, "ETag")).isNotEqualTo(tag);
  }

  @Test
  void everyCatalogAnswerMustBeRevalidatedAndIsPublicOnlyWhileNoClaimsAreInPlay() {
    for (String path :
        List.of(
            SERVERS,
            SERVERS + "/io.github.acme%2Fserver-101/versions",
            SERVERS + "/io.github.acme%2Fserver-101/versions/latest")) {
      HttpResponse<byte[]> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(header(response, "Cache-Control")).as(path).isEqualTo("public, no-cache");
      assertThat(header(response, "ETag")).as(path).isNotBlank();
      assertThat(header(response, "Vary")).as(path).contains("Accept-Encoding");
    }

    catalog.restricted();

    assertThat(header(get(SERVERS), "Cache-Control")).isEqualTo("private, no-cache");
  }

  @Test
  void givenAClientThatAcceptsGzip_whenAPageIsLarge_thenItIsCompressedUnderItsOwnTag()
      throws IOException {
    HttpResponse<byte[]> plain = get(SERVERS + "?limit=40");
    HttpResponse<byte[]> zipped = get(SERVERS + "?limit=40", "Accept-Encoding", "gzip, br");

    assertThat(header(plain, "Content-Encoding")).isNull();
    assertThat(header(zipped, "Content-Encoding")).isEqualTo("gzip");
    byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes();
    assertThat(new String(unzipped, StandardCharsets.UTF_8))
        .isEqualTo(new String(plain.body(), StandardCharsets.UTF_8));
    assertThat(zipped.body().length).isLessThan(plain.body().length / 3);
    assertThat(json(unzipped).at("/metadata/count").asInt()).isEqualTo(40);
    assertThat(header(zipped, "ETag")).isNotEqualTo(header(plain, "ETag"));
    assertThat(
            get(
                    SERVERS + "?limit=40",
                    "Accept-Encoding",
                    "gzip",
                    "If-None-Match",
                    header(zipped, "ETag"))
                .statusCode())
        .isEqualTo(304);
    assertThat(
            header(get(SERVERS + "?limit=40", "Accept-Encoding", "gzip;q=0"), "Content-Encoding"))
        .as("q=0 refuses gzip")
        .isNull();
  }

  @Test
  void givenAPageAskedBefore_whenTheCatalogChanged_thenTheNextAnswerIsTheNewPagePlainAndGzipped()
      throws IOException {
    for (String encoding : List.of("identity", "gzip")) {
      JsonNode page = json(body(get(SERVERS + "?limit=50", "Accept-Encoding", encoding)));
      assertThat(page.at("/metadata/count").asInt()).as(encoding).isEqualTo(40);
    }

    catalog.with(
        FakeBrowseCatalog.DEFAULT, Listings.active("io.github.acme/server-200", "1.0.0", true, 41));
    catalog.moveGeneration();

    for (String encoding : List.of("identity", "gzip")) {
      JsonNode page = json(body(get(SERVERS + "?limit=50", "Accept-Encoding", encoding)));
      assertThat(page.at("/metadata/count").asInt()).as(encoding).isEqualTo(41);
      assertThat(page.at("/servers/40/server/name").asText())
          .as(encoding)
          .isEqualTo("io.github.acme/server-200");
    }
  }

  @Test
  void givenAPageAskedBefore_whenAskedAgainBeforeTheCatalogChanged_thenTheSameAnswerIsGivenAgain()
      throws IOException {
    HttpResponse<byte[]> first = get(SERVERS + "?limit=5", "Accept-Encoding", "gzip");
    HttpResponse<byte[]> again = get(SERVERS + "?limit=5", "Accept-Encoding", "gzip");
    HttpResponse<byte[]> plain = get(SERVERS + "?limit=5");

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(header(again, "ETag")).isEqualTo(header(first, "ETag"));
    assertThat(header(again, "Content-Encoding")).isEqualTo("gzip");
    assertThat(header(again, "Cache-Control")).isEqualTo("public, no-cache");
    assertThat(body(plain)).isEqualTo(body(first));
    assertThat(catalog.pagesComputed()).as("the page was computed once").isEqualTo(1);

    catalog.moveGeneration();
    HttpResponse<byte[]> moved = get(SERVERS + "?limit=5", "Accept-Encoding", "gzip");

    assertThat(header(moved, "ETag")).isNotEqualTo(header(first, "ETag"));
    assertThat(catalog.pagesComputed()).isEqualTo(2);
  }

  private static byte[] body(HttpResponse<byte[]> response) throws IOException {
    return "gzip".equals(header(response, "Content-Encoding"))
        ? new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes()
        : response.body();
  }

  @Test
  void givenAPageLargerThanJettysBuffer_whenAsked_thenItGoesOutWithItsLengthNotInChunks()
      throws IOException {
    List<dev.waggle.domain.catalog.ServerListing> listings = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      listings.add(
          Listings.active(
              "io.github.acme/a-rather-long-server-name-" + (1000 + i), "1.0.0", true, i));
    }
    catalog.with(
        FakeBrowseCatalog.DEFAULT,
        listings.toArray(dev.waggle.domain.catalog.ServerListing[]::new));
    catalog.moveGeneration();

    byte[] page = get(SERVERS + "?limit=100").body();
    // The first answer goes out from the heap, later ones from a copy outside it: all alike.
    for (int asked = 1; asked <= 3; asked++) {
      HttpResponse<byte[]> plain = get(SERVERS + "?limit=100");
      HttpResponse<byte[]> zipped = get(SERVERS + "?limit=100", "Accept-Encoding", "gzip");

      assertThat(plain.body()).as("asked %d times", asked).isEqualTo(page);
      assertThat(plain.body().length).as("larger than one 32 KiB buffer").isGreaterThan(32 * 1024);
      assertThat(json(plain.body()).at("/metadata/count").asInt()).isEqualTo(100);
      assertThat(header(plain, "Content-Length"))
          .as("asked %d times", asked)
          .isEqualTo(Integer.toString(plain.body().length));
      assertThat(header(plain, "Transfer-Encoding")).isNull();
      assertThat(header(zipped, "Content-Length"))
          .isEqualTo(Integer.toString(zipped.body().length));
      assertThat(body(zipped)).isEqualTo(plain.body());
    }
    HttpResponse<byte[]> head = sendHead(SERVERS + "?limit=100");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(header(head, "Content-Length")).isEqualTo(Integer.toString(page.length));
    assertThat(header(head, "ETag")).isEqualTo(header(get(SERVERS + "?limit=100"), "ETag"));
    assertThat(get(SERVERS + "?limit=100").body()).isEqualTo(page);
  }

  private HttpResponse<byte[]> sendHead(String path) {
    try {
      return client.send(
          HttpRequest.newBuilder(api.publicUri(path))
              .timeout(Duration.ofSeconds(10))
              .method("HEAD", HttpRequest.BodyPublishers.noBody())
              .build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void errorsCarryNoTag() {
    HttpResponse<byte[]> missing = get(SERVERS + "/io.github.acme%2Fnowhere/versions");

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(header(missing, "ETag")).isNull();
  }
}
