package dev.waggle.adapters.postgres;

import static dev.waggle.adapters.postgres.TestCatalog.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.source.SourceName;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RewrittenVersionsTest extends OneSourceRegistryTest {
  private static final int SERVERS = 400;

  @Test
  void aSourceWhoseEveryDocumentChangesAtEverySyncKeepsItsVersionTableTheSameSize() {
    catalog.replace("files", servers("first").toArray(ServerManifest[]::new));
    catalog.replace("files", servers("second").toArray(ServerManifest[]::new));
    long settled = versionTableBytes();

    // Faster than autovacuum could follow: only room left in each page keeps the table from
    // growing by the whole catalog at every sync.
    for (int sync = 0; sync < 8; sync++) {
      catalog.replace("files", servers("edit " + sync).toArray(ServerManifest[]::new));
    }

    assertThat(catalog.all("main")).hasSize(SERVERS);
    assertThat(catalog.all("main").get(0).document()).contains("edit 7");
    assertThat(catalog.entries.countVersions(SourceName.of("files"))).isEqualTo(SERVERS);
    assertThat(versionTableBytes()).isLessThanOrEqualTo(settled + settled / 4);
  }

  /** Documents of about a kilobyte, as real server.json files are, each saying {@code edit}. */
  private static List<ServerManifest> servers(String edit) {
    String padding = "x".repeat(900);
    List<ServerManifest> servers = new ArrayList<>();
    for (int i = 0; i < SERVERS; i++) {
      servers.add(
          manifest(
              "io.github.acme/server-" + i,
              "1.0.0",
              null,
              "Server " + i + ", " + edit + " " + padding,
              ServerStatus.ACTIVE,
              Claims.NONE,
              ""));
    }
    return servers;
  }

  private static long versionTableBytes() {
    return catalog.selectOne(Long.class, "SELECT pg_relation_size('waggle.server_version')");
  }
}
