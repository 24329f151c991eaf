package dev.waggle.adapters.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class JacksonServerDocumentCheckTest {
  private final JacksonServerDocumentCheck check = new JacksonServerDocumentCheck();

  private static String server(String name, String version, String description) {
    return "{\"name\":\""
        + name
        + "\",\"version\":\""
        + version
        + "\",\"description\":\""
        + description
        + "\",\"remotes\":[{\"type\":\"streamable-http\",\"url\":\"https://mcp.example.com/"
        + name.substring(name.indexOf('/') + 1)
        + "\"}],\"_meta\":{\"io.modelcontextprotocol.registry/publisher-provided\":"
        + "{\"io.github.stacklok\":{\"https://mcp.example.com\":{\"tags\":[\"weather\"]}}}}}";
  }

  @Test
  void
      givenDocumentsBuiltBySource_whenChecked_thenTheValidOnesAreKeptWithTheirTagsAndTheOthersNamed() {
    SourceSnapshot snapshot =
        check.check(
            List.of(
                server("com.toolhive.k8s.team-a/weather", "1.0.0", "Forecasts"),
                server("com.toolhive.k8s.team-a/long", "1.0.0", "x".repeat(101)),
                server("com.toolhive.k8s.team-a/weather", "1.0.0", "Again"),
                "{not json"),
            "sha256:abc");

    assertThat(snapshot.contentHash()).isEqualTo("sha256:abc");
    assertThat(snapshot.servers())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.name().value()).isEqualTo("com.toolhive.k8s.team-a/weather");
              assertThat(m.description()).isEqualTo("Forecasts");
              assertThat(m.tags()).containsExactly("weather");
              assertThat(m.document()).contains("\"$schema\"");
            });
    assertThat(snapshot.rejections())
        .extracting(EntryRejection::index, EntryRejection::entryName, EntryRejection::field)
        .containsExactly(
            tuple(1, "com.toolhive.k8s.team-a/long", "description"),
            tuple(2, "com.toolhive.k8s.team-a/weather", "version"),
            tuple(3, null, ""));
    assertThat(snapshot.rejections().get(0).reason()).contains("100");
  }

  @Test
  void givenNoDocuments_whenChecked_thenTheSnapshotIsEmpty() {
    SourceSnapshot snapshot = check.check(List.of(), "sha256:empty");

    assertThat(snapshot.servers()).isEmpty();
    assertThat(snapshot.rejections()).isEmpty();
  }
}
