package dev.waggle.application.service;

import dev.waggle.application.port.out.ServedCatalogStore.ServedRow;
import dev.waggle.application.port.out.ServedCatalogStore.StoredRegistry;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.OfficialMeta;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.registry.RegistryName;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Measurement, run by hand (not a test): how much heap one registry snapshot of 10,000 versions
 * holds, with server.json documents of a realistic size, encoded as the HTTP adapter does. The
 * README quotes its output.
 *
 * <pre>
 * mvn -q -pl application -am test-compile
 * java -Xmx512m -cp domain/target/classes:application/target/classes:application/target/test-classes \
 *   dev.waggle.application.service.SnapshotFootprint
 * </pre>
 */
public final class SnapshotFootprint {
  private static final int VERSIONS = 10_000;
  private static final int VERSIONS_PER_NAME = 3;

  private SnapshotFootprint() {}

  public static void main(String[] args) throws InterruptedException {
    long documentBytes = 0;
    long before = usedHeap();
    CatalogSnapshot.Builder builder =
        CatalogSnapshot.builder(
            listing ->
                ("{\"server\":"
                        + listing.document()
                        + ",\"_meta\":{\"io.modelcontextprotocol.registry/official\":{\"status\":"
                        + "\"active\",\"publishedAt\":\"2026-01-10T09:00:00.123456Z\","
                        + "\"updatedAt\":\"2026-01-10T09:00:00.123456Z\",\"statusChangedAt\":"
                        + "\"2026-01-10T09:00:00.123456Z\",\"isLatest\":true}}}")
                    .getBytes(StandardCharsets.UTF_8));
    Instant now = Instant.parse("2026-01-10T09:00:00.123456Z");
    for (int i = 0; i < VERSIONS; i++) {
      String name = "io.github.example-org-" + (i / VERSIONS_PER_NAME) + "/mcp-server";
      String version = "1." + (i % VERSIONS_PER_NAME) + ".0";
      String document = document(name, version, i);
      documentBytes += document.length();
      builder.add(
          new ServedRow(
              ServerName.of(name),
              0,
              Claims.NONE,
              new ServerListing(
                  ServerName.of(name),
                  Version.of(version),
                  document,
                  new OfficialMeta(
                      ServerStatus.ACTIVE, null, now, now, now, i % VERSIONS_PER_NAME == 2)),
              "Example MCP server " + i,
              "Connects assistants to the example service number " + i + " and its data"));
    }
    CatalogSnapshot snapshot =
        builder.build(new StoredRegistry(RegistryName.of("main"), 1, Claims.NONE));
    long after = usedHeap();
    System.out.printf(
        "%d versions, documents averaging %d bytes: snapshot holds %.1f MiB (%.0f bytes per"
            + " version)%n",
        snapshot.versionCount(),
        documentBytes / VERSIONS,
        (after - before) / 1024.0 / 1024.0,
        (after - before) / (double) VERSIONS);
  }

  private static long usedHeap() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  /** A server.json of the usual shape: an npm package with environment variables and a remote. */
  private static String document(String name, String version, int i) {
    return "{\"$schema\":\"https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json\","
        + "\"name\":\""
        + name
        + "\",\"description\":\"Connects assistants to the example service number "
        + i
        + " and its data\",\"title\":\"Example MCP server "
        + i
        + "\",\"repository\":{\"url\":\"https://github.com/example-org-"
        + i
        + "/mcp-server\",\"source\":\"github\"},\"version\":\""
        + version
        + "\",\"packages\":[{\"registryType\":\"npm\",\"identifier\":\"@example-org-"
        + i
        + "/mcp-server\",\"version\":\""
        + version
        + "\",\"transport\":{\"type\":\"stdio\"},\"environmentVariables\":[{\"name\":"
        + "\"EXAMPLE_API_KEY\",\"description\":\"API key for the example service\","
        + "\"isRequired\":true,\"isSecret\":true},{\"name\":\"EXAMPLE_REGION\","
        + "\"description\":\"Region to connect to\",\"default\":\"eu-west-1\"}]}],"
        + "\"remotes\":[{\"type\":\"streamable-http\",\"url\":\"https://mcp.example-"
        + i
        + ".com/mcp\",\"headers\":[{\"name\":\"Authorization\",\"description\":"
        + "\"Bearer token\",\"isRequired\":true,\"isSecret\":true}]}]}";
  }
}
