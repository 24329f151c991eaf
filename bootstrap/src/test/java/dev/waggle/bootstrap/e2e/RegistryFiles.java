package dev.waggle.bootstrap.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Test data: upstream-format registry files, written the way a catalog maintainer would. */
final class RegistryFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode document = JSON.createObjectNode();
  private final ArrayNode servers;

  private RegistryFiles() {
    document.put(
        "$schema",
        "https://raw.githubusercontent.com/stacklok/toolhive-core/main/registry/types/data/upstream-registry.schema.json");
    document.put("version", "1.0.0");
    document.putObject("meta").put("last_updated", "2026-10-01T00:00:00Z");
    servers = document.putObject("data").putArray("servers");
  }

  static RegistryFiles registry() {
    return new RegistryFiles();
  }

  RegistryFiles server(String name, String version, String description) {
    ObjectNode server = servers.addObject();
    server.put(
        "$schema", "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json");
    server.put("name", name);
    server.put("description", description);
    server.put("version", version);
    ObjectNode npm = server.putArray("packages").addObject();
    npm.put("registryType", "npm");
    npm.put("identifier", "@e2e/" + name.substring(name.indexOf('/') + 1));
    npm.put("version", version);
    npm.putObject("transport").put("type", "stdio");
    return this;
  }

  /** Writes atomically, so a sync never reads a half-written file. */
  void writeTo(Path file) {
    try {
      Path temp = Files.createTempFile(file.getParent(), "registry", ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), document);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void writeText(Path file, String text) {
    try {
      Path temp = Files.createTempFile(file.getParent(), "registry", ".tmp");
      Files.writeString(temp, text);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
