package dev.waggle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.mcp.registryclient.DefaultMcpRegistryClient;
import dev.langchain4j.mcp.registryclient.McpRegistryClient;
import dev.langchain4j.mcp.registryclient.model.McpGetServerResponse;
import dev.langchain4j.mcp.registryclient.model.McpServerList;
import dev.langchain4j.mcp.registryclient.model.McpServerListRequest;
import dev.waggle.domain.registry.RegistryName;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's MCP registry client — written by others for the official registry, and calling
 * {@code /v0/servers}, {@code /v0/health} and {@code /v0/ping} — lists, pages and probes Waggle.
 */
class ThirdPartyRegistryClientTest {
  static final RegistryName TEAM = RegistryName.of("team");
  static RunningApi api;

  @BeforeAll
  static void start() {
    api =
        new RunningApi(
            new FakeBrowseCatalog()
                .with(
                    FakeBrowseCatalog.DEFAULT,
                    Listings.active("io.github.acme/alpha", "1.0.0", true, 0),
                    Listings.active("io.github.acme/beta", "0.9.0", false, 1),
                    Listings.active("io.github.acme/beta", "1.0.0", true, 2),
                    Listings.active("io.github.acme/gamma", "2.0.0", true, 3),
                    Listings.active("io.github.acme/weather", "1.1.0", true, 4))
                .with(TEAM, Listings.active("com.example/team-only", "3.0.0", true, 5)));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static McpRegistryClient client(String path) {
    return DefaultMcpRegistryClient.builder()
        .baseUrl("http://127.0.0.1:" + api.api.publicPort() + path)
        .build();
  }

  @Test
  void theClientPagesThroughEveryServerOfTheDefaultRegistry() {
    McpRegistryClient client = client("");
    List<String> seen = new ArrayList<>();
    List<Long> pageSizes = new ArrayList<>();
    String cursor = null;
    do {
      McpServerList page =
          client.listServers(McpServerListRequest.builder().limit(2L).cursor(cursor).build());
      page.getServers()
          .forEach(s -> seen.add(s.getServer().getName() + "@" + s.getServer().getVersion()));
      pageSizes.add(page.getMetadata().getCount());
      cursor = page.getMetadata().getNextCursor();
    } while (cursor != null && !cursor.isEmpty());

    assertThat(seen)
        .containsExactly(
            "io.github.acme/alpha@1.0.0",
            "io.github.acme/beta@0.9.0",
            "io.github.acme/beta@1.0.0",
            "io.github.acme/gamma@2.0.0",
            "io.github.acme/weather@1.1.0");
    assertThat(pageSizes).containsExactly(2L, 2L, 1L);
  }

  @Test
  void theClientSeesTheOfficialMetadataAndFilters() {
    McpServerList latest =
        client("")
            .listServers(McpServerListRequest.builder().search("beta").version("latest").build());

    assertThat(latest.getServers()).hasSize(1);
    McpGetServerResponse beta = latest.getServers().get(0);
    assertThat(beta.getServer().getVersion()).isEqualTo("1.0.0");
    assertThat(beta.getServer().getPackages()).hasSize(1);
    assertThat(beta.getMeta().getOfficial().isLatest()).isTrue();
    assertThat(beta.getMeta().getOfficial().getStatus()).isEqualTo("active");
    assertThat(beta.getMeta().getOfficial().getPublishedAt()).isNotNull();
  }

  @Test
  void theClientListsANamedRegistryThroughItsPrefix() {
    McpServerList team =
        client("/registry/team").listServers(McpServerListRequest.builder().build());

    assertThat(team.getServers())
        .extracting(s -> s.getServer().getName())
        .containsExactly("com.example/team-only");
  }

  @Test
  void theClientsHealthCheckAndPingSucceed() {
    McpRegistryClient client = client("");

    assertThat(client.healthCheck().getStatus()).isEqualTo("ok");
    assertThat(client.ping().pong()).isTrue();
    assertThat(client("/registry/team").healthCheck().getStatus()).isEqualTo("ok");
  }

  @Test
  void theClientFetchesOneVersionAndEveryVersionOfAServer() {
    McpRegistryClient client = client("");

    McpGetServerResponse latest = client.getSpecificServerVersion("io.github.acme/beta", "latest");
    McpServerList versions = client.getAllVersionsOfServer("io.github.acme/beta");

    assertThat(latest.getServer().getVersion()).isEqualTo("1.0.0");
    assertThat(versions.getServers())
        .extracting(s -> s.getServer().getVersion())
        .containsExactly("1.0.0", "0.9.0");
  }
}
