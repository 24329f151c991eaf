package dev.waggle.adapters.k8s.source;

import static dev.waggle.adapters.k8s.source.TestMcpServers.exportedServer;
import static dev.waggle.adapters.k8s.source.TestMcpServers.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waggle.adapters.k8s.source.ExportedEntries.ExportedEntry;
import dev.waggle.adapters.k8s.source.ExportedEntries.UnusableAnnotationException;
import dev.waggle.domain.access.Claims;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExportedEntriesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anExportedMcpServerBecomesAServerJsonWithRemotePackageAndToolHiveMetadata()
      throws Exception {
    GenericKubernetesResource server = exportedServer("team-a", "github");
    server.getMetadata().getAnnotations().put(ExportedEntries.TITLE, "GitHub");
    server.getMetadata().getAnnotations().put(ExportedEntries.ICON, "https://example.com/gh.png");
    server.getMetadata().getAnnotations().put(ExportedEntries.CATEGORY, "devtools");
    server.getMetadata().getAnnotations().put(ExportedEntries.TOOLS, "[\"create_issue\"]");
    server
        .getMetadata()
        .getAnnotations()
        .put(ExportedEntries.TOOL_DEFINITIONS, "[{\"name\":\"create_issue\"}]");

    ExportedEntry entry = toEntry(ExportedKind.MCP_SERVER, server).orElseThrow();

    assertThat(entry.name()).isEqualTo("com.toolhive.k8s.team-a/github");
    assertThat(entry.where()).isEqualTo("MCPServer team-a/github");
    JsonNode doc = JSON.readTree(entry.document());
    assertThat(doc.get("name").asText()).isEqualTo("com.toolhive.k8s.team-a/github");
    assertThat(doc.get("version").asText()).isEqualTo("1.4.2");
    assertThat(doc.get("title").asText()).isEqualTo("GitHub");
    assertThat(doc.get("description").asText()).isEqualTo("The github MCP server");
    assertThat(doc.get("$schema").asText()).endsWith("/2025-12-11/server.schema.json");
    assertThat(doc.at("/icons/0/src").asText()).isEqualTo("https://example.com/gh.png");
    assertThat(doc.at("/remotes/0/type").asText()).isEqualTo("streamable-http");
    assertThat(doc.at("/remotes/0/url").asText()).isEqualTo("https://mcp.example.com/github");
    assertThat(doc.at("/packages/0/registryType").asText()).isEqualTo("oci");
    assertThat(doc.at("/packages/0/identifier").asText()).isEqualTo("ghcr.io/example/github:1.4.2");
    assertThat(doc.at("/packages/0/version").asText()).isEqualTo("1.4.2");
    assertThat(doc.at("/packages/0/transport/type").asText())
        .as("stdio is served through the proxy, streamable-http by default")
        .isEqualTo("streamable-http");
    JsonNode extension =
        doc.get("_meta")
            .get("io.modelcontextprotocol.registry/publisher-provided")
            .get("io.github.stacklok")
            .get("https://mcp.example.com/github");
    assertThat(extension.get("status").asText()).isEqualTo("active");
    assertThat(extension.at("/metadata/kubernetes/kind").asText()).isEqualTo("MCPServer");
    assertThat(extension.at("/metadata/kubernetes/namespace").asText()).isEqualTo("team-a");
    assertThat(extension.at("/metadata/kubernetes/name").asText()).isEqualTo("github");
    assertThat(extension.at("/metadata/kubernetes/image").asText())
        .isEqualTo("ghcr.io/example/github:1.4.2");
    assertThat(extension.at("/metadata/kubernetes/transport").asText()).isEqualTo("stdio");
    assertThat(extension.at("/metadata/kubernetes/uid").asText()).isNotEmpty();
    assertThat(extension.at("/tools/0").asText()).isEqualTo("create_issue");
    assertThat(extension.at("/tool_definitions/0/name").asText()).isEqualTo("create_issue");
    assertThat(extension.at("/tags/0").asText()).isEqualTo("devtools");
  }

  @Test
  void aVirtualServerOrRemoteProxyHasNoPackage() throws Exception {
    GenericKubernetesResource proxy = resource(ExportedKind.MCP_REMOTE_PROXY, "team-a", "notion");
    proxy.getMetadata().setAnnotations(TestMcpServers.exportAnnotations("notion"));

    ExportedEntry entry = toEntry(ExportedKind.MCP_REMOTE_PROXY, proxy).orElseThrow();

    JsonNode doc = JSON.readTree(entry.document());
    assertThat(doc.has("packages")).isFalse();
    assertThat(doc.get("version").asText()).isEqualTo("1.0.0");
    assertThat(doc.at("/_meta").toString()).contains("\"kind\":\"MCPRemoteProxy\"");
  }

  @Test
  void withoutTheExportAnnotationOrTheUrlOrTheDescriptionNothingIsExported() throws Exception {
    GenericKubernetesResource notExported = exportedServer("team-a", "a");
    notExported.getMetadata().getAnnotations().put(ExportedEntries.EXPORT, "True");
    GenericKubernetesResource noUrl = exportedServer("team-a", "b");
    noUrl.getMetadata().getAnnotations().remove(ExportedEntries.URL);
    GenericKubernetesResource noDescription = exportedServer("team-a", "c");
    noDescription.getMetadata().getAnnotations().remove(ExportedEntries.DESCRIPTION);

    assertThat(toEntry(ExportedKind.MCP_SERVER, notExported)).isEmpty();
    assertThat(toEntry(ExportedKind.MCP_SERVER, noUrl)).isEmpty();
    assertThat(toEntry(ExportedKind.MCP_SERVER, noDescription)).isEmpty();
  }

  @ParameterizedTest(name = "annotation {0}, image {1} -> {2}")
  @CsvSource({
    "2.0.0, ghcr.io/x/y:1.4.2, 2.0.0",
    "v2.0.0, ghcr.io/x/y:1.4.2, v2.0.0",
    "2.0.0+build.5, ghcr.io/x/y:1.4.2, 1.4.2",
    "2.0, ghcr.io/x/y:1.4.2, 1.4.2",
    ", ghcr.io/x/y:latest, 1.0.0",
    ", registry.local:5000/x/y, 1.0.0",
    ", ghcr.io/x/y:1.4.2@sha256:abc, 1.4.2",
    ", ghcr.io/x/y@sha256:abc, 1.0.0",
  })
  void theVersionIsThePublishableAnnotationElseThePublishableImageTagElse100(
      String annotated, String image, String expected) {
    assertThat(ExportedEntries.version("test", annotated, Optional.of(image))).isEqualTo(expected);
  }

  @Test
  void authzClaimsBecomeTheEntrysClaims() throws Exception {
    GenericKubernetesResource server = exportedServer("team-a", "github");
    server
        .getMetadata()
        .getAnnotations()
        .put(ExportedEntries.AUTHZ_CLAIMS, "{\"org\":\"acme\",\"groups\":[\"dev\",\"ops\"]}");

    ExportedEntry entry = toEntry(ExportedKind.MCP_SERVER, server).orElseThrow();

    assertThat(entry.claims().values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("org", java.util.List.of("acme"), "groups", java.util.List.of("dev", "ops")));
  }

  @Test
  void unreadableAuthzClaimsAreReportedWithTheObjectAndTheValue() {
    GenericKubernetesResource server = exportedServer("team-a", "github");
    server.getMetadata().getAnnotations().put(ExportedEntries.AUTHZ_CLAIMS, "{org: acme");

    assertThatThrownBy(() -> toEntry(ExportedKind.MCP_SERVER, server))
        .isInstanceOfSatisfying(
            UnusableAnnotationException.class,
            e -> {
              assertThat(e.entryName).isEqualTo("com.toolhive.k8s.team-a/github");
              assertThat(e.annotation).isEqualTo(ExportedEntries.AUTHZ_CLAIMS);
              assertThat(e.value).isEqualTo("{org: acme");
              assertThat(e.getMessage()).startsWith("MCPServer team-a/github: invalid");
            });
  }

  @Test
  void withoutAuthzClaimsTheEntryHasNoneOfItsOwn() throws Exception {
    assertThat(toEntry(ExportedKind.MCP_SERVER, exportedServer("team-a", "github")))
        .hasValueSatisfying(entry -> assertThat(entry.claims()).isEqualTo(Claims.NONE));
  }

  @Test
  void unreadableToolListsAreIgnoredButTheEntryStays() throws Exception {
    GenericKubernetesResource server = exportedServer("team-a", "github");
    server.getMetadata().getAnnotations().put(ExportedEntries.TOOLS, "create_issue");

    ExportedEntry entry = toEntry(ExportedKind.MCP_SERVER, server).orElseThrow();

    assertThat(JSON.readTree(entry.document()).toString()).doesNotContain("\"tools\"");
  }

  private static Optional<ExportedEntry> toEntry(
      ExportedKind kind, GenericKubernetesResource resource) throws UnusableAnnotationException {
    return ExportedEntries.toEntry(kind, resource);
  }
}
