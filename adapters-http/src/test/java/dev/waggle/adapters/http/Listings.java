package dev.waggle.adapters.http;

import dev.waggle.domain.catalog.OfficialMeta;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.Version;
import java.time.Instant;

/** Test data: served versions with small but valid server.json documents. */
final class Listings {
  static final Instant PUBLISHED = Instant.parse("2026-01-10T09:00:00.123456Z");

  private Listings() {}

  static ServerListing active(String name, String version, boolean latest, int dayOffset) {
    return listing(name, version, ServerStatus.ACTIVE, null, latest, dayOffset);
  }

  static ServerListing listing(
      String name,
      String version,
      ServerStatus status,
      String statusMessage,
      boolean latest,
      int dayOffset) {
    Instant published = PUBLISHED.plusSeconds(86_400L * dayOffset);
    return new ServerListing(
        ServerName.of(name),
        Version.of(version),
        document(name, version),
        new OfficialMeta(
            status, statusMessage, published, published.plusMillis(500), published, latest));
  }

  static String document(String name, String version) {
    // Odd spacing on purpose: the adapter must serve the stored text, not a re-serialisation.
    return "{\"$schema\": \"https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json\","
        + " \"name\":  \""
        + name
        + "\", \"description\": \"Test server "
        + name
        + "\", \"version\": \""
        + version
        + "\", \"packages\": [{\"registryType\": \"npm\", \"identifier\": \"@acme/server\","
        + " \"version\": \""
        + version
        + "\", \"transport\": {\"type\": \"stdio\"}}]}";
  }
}
