package dev.waggle.adapters.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.waggle.application.port.out.FetchedSource;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import dev.waggle.domain.source.SourceSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceReaderTest {
  private static final String REGISTRY =
      RegistryDocumentParserTest.envelope(ServerJsonCases.MINIMAL, ServerJsonCases.FULL);

  private final FileSourceReader reader = new FileSourceReader(new RegistryDocumentParser());

  private static SourceDefinition source(SourceKind.File kind) {
    return new SourceDefinition(
        SourceName.of("catalog"), kind, Optional.of(Duration.ofMinutes(5)), EntryFilter.NONE, null);
  }

  @Test
  void it_reads_file_sources_only() {
    assertThat(reader.supports(SourceKind.File.atPath(Path.of("registry.json")))).isTrue();
    assertThat(reader.supports(new SourceKind.Managed())).isFalse();
    assertThat(reader.supports(new SourceKind.Api(URI.create("https://r.example.com"), null)))
        .isFalse();
  }

  @Test
  void inline_data_is_read_and_hashed_like_a_file_with_the_same_bytes() throws Exception {
    FetchedSource fetched = reader.fetch(source(SourceKind.File.inline(REGISTRY)));

    assertThat(fetched.contentHash())
        .isEqualTo(ContentHash.sha256Hex(REGISTRY.getBytes(StandardCharsets.UTF_8)));
    assertThat(fetched.parse().servers()).hasSize(2);
  }

  @Test
  void inline_data_that_is_not_a_registry_names_the_source_in_the_message() {
    assertThatThrownBy(() -> reader.read(source(SourceKind.File.inline("{\"servers\": 1}"))))
        .isInstanceOf(SourceReadException.class)
        .hasMessageStartingWith("the inline data of source catalog: not a registry file");
  }

  @Nested
  class LocalPath {
    @TempDir Path dir;

    @Test
    void a_registry_file_on_disk_is_read_and_hashed_by_its_raw_bytes() throws Exception {
      Path file = Files.writeString(dir.resolve("registry.json"), REGISTRY);

      SourceSnapshot snapshot = reader.read(source(SourceKind.File.atPath(file)));

      assertThat(snapshot.servers()).hasSize(2);
      assertThat(snapshot.contentHash()).isEqualTo(ContentHash.sha256Hex(Files.readAllBytes(file)));
    }

    @Test
    void fetching_hashes_the_bytes_without_parsing_them_and_the_parse_comes_on_demand()
        throws Exception {
      Path file = Files.writeString(dir.resolve("registry.json"), "{ not json");

      FetchedSource fetched = reader.fetch(source(SourceKind.File.atPath(file)));

      assertThat(fetched.contentHash()).isEqualTo(ContentHash.sha256Hex(Files.readAllBytes(file)));
      assertThatThrownBy(fetched::parse)
          .isInstanceOf(SourceReadException.class)
          .hasMessageContaining(file.toString());
    }

    @Test
    void a_missing_file_names_the_path() {
      Path missing = dir.resolve("nowhere/registry.json");

      assertThatThrownBy(() -> reader.read(source(SourceKind.File.atPath(missing))))
          .isInstanceOf(SourceReadException.class)
          .hasMessage("file not found: " + missing);
    }

    @Test
    void the_hash_stays_while_the_bytes_stay_and_changes_when_they_change() throws Exception {
      Path file = Files.writeString(dir.resolve("registry.json"), REGISTRY);
      SourceDefinition source = source(SourceKind.File.atPath(file));

      String first = reader.read(source).contentHash();
      String unchanged = reader.read(source).contentHash();
      Files.writeString(file, REGISTRY.replace("Weather forecasts", "Weather reports"));
      String changed = reader.read(source).contentHash();

      assertThat(unchanged).isEqualTo(first);
      assertThat(changed).isNotEqualTo(first);
    }

    @Test
    void a_file_over_the_size_cap_is_refused() throws Exception {
      Path file = Files.writeString(dir.resolve("registry.json"), REGISTRY);
      FileSourceReader small = new FileSourceReader(new RegistryDocumentParser(), 64);

      assertThatThrownBy(() -> small.read(source(SourceKind.File.atPath(file))))
          .hasMessageContaining("larger than 64 bytes");
    }

    @Test
    void malformed_json_on_disk_names_the_path_line_and_column() throws Exception {
      Path file = Files.writeString(dir.resolve("registry.json"), "{\n\"version\": }");

      assertThatThrownBy(() -> reader.read(source(SourceKind.File.atPath(file))))
          .hasMessageStartingWith(file + ": invalid JSON at line 2, column ");
    }
  }

  @Nested
  class Url {
    private HttpServer server;
    private ExecutorService executor;

    @BeforeEach
    void startServer() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      executor = Executors.newCachedThreadPool();
      server.setExecutor(executor);
      server.createContext("/registry.json", respond(200, REGISTRY));
      server.createContext("/moved", redirectTo("/registry.json"));
      server.createContext("/broken", respond(500, "{\"error\": \"boom\"}"));
      server.createContext(
          "/slow",
          exchange -> {
            try {
              Thread.sleep(5_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            respond(200, REGISTRY).handle(exchange);
          });
      server.createContext(
          "/trickle",
          exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
              for (int i = 0; i < 50; i++) {
                body.write(' ');
                body.flush();
                Thread.sleep(100);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      server.start();
    }

    @AfterEach
    void stopServer() {
      server.stop(0);
      executor.shutdownNow();
    }

    private URI url(String path) {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private SourceDefinition at(String path, Duration timeout) {
      return source(SourceKind.File.atUrl(url(path), timeout));
    }

    @Test
    void a_registry_file_behind_a_url_is_read_and_hashed_by_its_raw_bytes() throws Exception {
      SourceSnapshot snapshot = reader.read(at("/registry.json", Duration.ofSeconds(5)));

      assertThat(snapshot.servers()).hasSize(2);
      assertThat(snapshot.contentHash())
          .isEqualTo(ContentHash.sha256Hex(REGISTRY.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void redirects_are_followed() throws Exception {
      assertThat(reader.read(at("/moved", Duration.ofSeconds(5))).servers()).hasSize(2);
    }

    @Test
    void a_404_names_the_url_and_the_status() {
      assertThatThrownBy(() -> reader.read(at("/missing.json", Duration.ofSeconds(5))))
          .isInstanceOf(SourceReadException.class)
          .hasMessage("GET " + url("/missing.json") + " failed: HTTP status 404");
    }

    @Test
    void credentials_in_the_url_never_appear_in_the_message() {
      URI secret =
          URI.create(
              "http://reader:s3cret@127.0.0.1:"
                  + server.getAddress().getPort()
                  + "/missing.json?token=t0ken");

      assertThatThrownBy(
              () -> reader.read(source(SourceKind.File.atUrl(secret, Duration.ofSeconds(5)))))
          .isInstanceOf(SourceReadException.class)
          .hasMessageContaining("http://***@127.0.0.1:" + server.getAddress().getPort())
          .hasMessageContaining("/missing.json?***")
          .message()
          .doesNotContain("s3cret")
          .doesNotContain("t0ken");
    }

    @Test
    void a_server_error_names_the_url_and_the_status() {
      assertThatThrownBy(() -> reader.read(at("/broken", Duration.ofSeconds(5))))
          .hasMessageContaining(url("/broken").toString())
          .hasMessageContaining("500");
    }

    @Test
    void a_server_slower_than_the_timeout_fails_the_read() {
      long started = System.nanoTime();

      assertThatThrownBy(() -> reader.read(at("/slow", Duration.ofMillis(300))))
          .isInstanceOf(SourceReadException.class)
          .hasMessageContaining(url("/slow").toString())
          .hasMessageContaining("timed out after 300 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void a_body_that_trickles_in_beyond_the_timeout_fails_the_read() {
      assertThatThrownBy(() -> reader.read(at("/trickle", Duration.ofMillis(500))))
          .isInstanceOf(SourceReadException.class)
          .hasMessageContaining("timed out");
    }

    @Test
    void a_body_over_the_size_cap_is_refused() {
      FileSourceReader small = new FileSourceReader(new RegistryDocumentParser(), 64);

      assertThatThrownBy(() -> small.read(at("/registry.json", Duration.ofSeconds(5))))
          .hasMessageContaining(url("/registry.json").toString())
          .hasMessageContaining("larger than 64 bytes");
    }

    @Test
    void nothing_listening_is_a_read_failure_naming_the_url() throws Exception {
      int port;
      try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      URI closed = URI.create("http://127.0.0.1:" + port + "/registry.json");

      assertThatThrownBy(
              () -> reader.read(source(SourceKind.File.atUrl(closed, Duration.ofSeconds(5)))))
          .isInstanceOf(SourceReadException.class)
          .hasMessageStartingWith("GET " + closed + " failed: ");
    }

    private static HttpHandler respond(int status, String body) {
      return exchange -> {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().put("Content-Type", List.of("application/json"));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      };
    }

    private static HttpHandler redirectTo(String location) {
      return (HttpExchange exchange) -> {
        exchange.getResponseHeaders().put("Location", List.of(location));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
      };
    }
  }
}
