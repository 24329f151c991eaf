package dev.waggle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.waggle.domain.catalog.OfficialMeta;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.Version;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hand-written wire form of a served version is, byte for byte, what Jackson writes for the
 * same {@code ServerResponse}: the document as stored, then the registry's metadata.
 */
class JsonServedVersionEncoderTest {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private final JsonServedVersionEncoder encoder = new JsonServedVersionEncoder();

  @Test
  void everyStatusMessageTimeAndDocumentIsWrittenAsJacksonWritesIt() {
    List<String> documents =
        List.of(
            "{\"name\":\"io.x/a\",\"version\":\"1.0.0\"}",
            "{ \"name\" : \"io.x/a\",\n\t\"description\": \"Zürich 🐝 \\\"quoted\\\" \\\\ \\u0007\" }");
    List<String> messages =
        List.of(
            "", "moved to io.x/b", "a \"quote\", a \\ and a\ttab\nand é 🐝 \u0001 \u007f </end>");
    List<Instant> times =
        List.of(
            Instant.parse("2025-01-02T03:04:05Z"),
            Instant.parse("2025-12-31T23:59:59.5Z"),
            Instant.parse("2024-02-29T00:00:00.123456Z"),
            Instant.parse("0001-01-01T00:00:00.000000001Z"));
    List<ServerListing> listings = new ArrayList<>();
    for (String document : documents) {
      for (ServerStatus status : ServerStatus.values()) {
        for (int m = -1; m < messages.size(); m++) {
          for (int t = 0; t < times.size(); t++) {
            listings.add(
                new ServerListing(
                    ServerName.of("io.x/a"),
                    Version.of("1.0.0"),
                    document,
                    new OfficialMeta(
                        status,
                        m < 0 ? null : messages.get(m),
                        times.get(t),
                        times.get((t + 1) % times.size()),
                        times.get((t + 2) % times.size()),
                        t % 2 == 0)));
          }
        }
      }
    }

    for (ServerListing listing : listings) {
      assertThat(new String(encoder.encode(listing), StandardCharsets.UTF_8))
          .isEqualTo(new String(jackson(listing), StandardCharsets.UTF_8));
    }
  }

  @Test
  void theAnswerIsOneJsonObjectWhoseServerIsTheDocument() throws Exception {
    String document = "{\"name\":\"io.x/a\",  \"version\":\"1.0.0\"}";
    byte[] encoded =
        encoder.encode(
            new ServerListing(
                ServerName.of("io.x/a"),
                Version.of("1.0.0"),
                document,
                new OfficialMeta(
                    ServerStatus.DEPRECATED,
                    null,
                    Instant.parse("2025-01-02T03:04:05Z"),
                    Instant.parse("2025-01-02T03:04:06.25Z"),
                    Instant.parse("2025-01-02T03:04:05Z"),
                    true)));

    assertThat(new String(encoded, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"server\":"
                + document
                + ",\"_meta\":{\"io.modelcontextprotocol.registry/official\":{"
                + "\"status\":\"deprecated\",\"publishedAt\":\"2025-01-02T03:04:05Z\","
                + "\"updatedAt\":\"2025-01-02T03:04:06.25Z\","
                + "\"statusChangedAt\":\"2025-01-02T03:04:05Z\",\"isLatest\":true}}}");
    assertThat(MAPPER.readTree(encoded).get("server").get("version").asText()).isEqualTo("1.0.0");
  }

  /** The same answer through Jackson's tree model. */
  private static byte[] jackson(ServerListing listing) {
    OfficialMeta meta = listing.meta();
    ObjectNode root = MAPPER.createObjectNode();
    root.putRawValue("server", new RawValue(listing.document()));
    ObjectNode official = root.putObject("_meta").putObject(OfficialMeta.KEY);
    official.put("status", meta.status().wireName());
    if (meta.statusMessage() != null) {
      official.put("statusMessage", meta.statusMessage());
    }
    official.put("publishedAt", Rfc3339.format(meta.publishedAt()));
    official.put("updatedAt", Rfc3339.format(meta.updatedAt()));
    official.put("statusChangedAt", Rfc3339.format(meta.statusChangedAt()));
    official.put("isLatest", meta.latest());
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
