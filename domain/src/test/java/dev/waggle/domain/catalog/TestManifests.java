package dev.waggle.domain.catalog;

import dev.waggle.domain.access.Claims;
import java.util.Set;

/** Test factory: server manifests with sensible defaults, shared with other modules' tests. */
public final class TestManifests {
  private TestManifests() {}

  public static ServerManifest manifest(String name, String version) {
    return manifest(name, version, Set.of());
  }

  public static ServerManifest manifest(String name, String version, Set<String> tags) {
    String document =
        "{\"$schema\":\"https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json\","
            + "\"name\":\""
            + name
            + "\",\"description\":\"Test server "
            + name
            + "\",\"version\":\""
            + version
            + "\"}";
    return new ServerManifest(
        ServerName.of(name),
        Version.of(version),
        null,
        "Test server " + name,
        ServerStatus.ACTIVE,
        tags,
        document,
        Claims.NONE);
  }

  /**
   * Version 1.0.0 of {@code name}, with no title or description, whose document is exactly {@code
   * text}.
   */
  public static ServerManifest withDocument(String name, String text) {
    return new ServerManifest(
        ServerName.of(name),
        Version.of("1.0.0"),
        null,
        null,
        ServerStatus.ACTIVE,
        Set.of(),
        text,
        Claims.NONE);
  }
}
