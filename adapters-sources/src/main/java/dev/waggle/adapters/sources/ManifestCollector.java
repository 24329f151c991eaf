package dev.waggle.adapters.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.PublisherMeta;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Source adapter step: turns the server.json objects of one file, in file order, into manifests and
 * rejections — checking each against the rules and keeping only the first of a duplicated (name,
 * version).
 */
final class ManifestCollector {
  private final ServerJsonRules rules;
  private final List<ServerManifest> servers = new ArrayList<>();
  private final List<EntryRejection> rejections = new ArrayList<>();
  private final Map<List<String>, Integer> firstIndex = new HashMap<>();

  ManifestCollector(ServerJsonRules rules) {
    this.rules = rules;
  }

  void add(int index, JsonNode server) {
    add(index, server, PublisherExtensions.status(server));
  }

  /** Adds a server whose status its source states (an upstream registry's own status). */
  void add(int index, JsonNode server, ServerStatus status) {
    String name = server.path("name").isTextual() ? server.path("name").textValue() : null;
    var violation = rules.check(server);
    if (violation.isPresent()) {
      RuleViolation v = violation.get();
      rejections.add(new EntryRejection(index, name, v.field(), v.value(), v.reason()));
      return;
    }
    String version = server.path("version").textValue();
    Integer first = firstIndex.putIfAbsent(List.of(name, version), index);
    if (first != null) {
      rejections.add(
          new EntryRejection(
              index,
              name,
              "version",
              version,
              "duplicate of entry #" + first + " (same name and version), which is kept"));
      return;
    }
    servers.add(
        new ServerManifest(
            ServerName.of(name),
            Version.of(version),
            server.path("title").textValue(),
            server.path("description").textValue(),
            status,
            PublisherExtensions.tags(server),
            JsonDocuments.compact(served((ObjectNode) server)),
            Claims.NONE));
  }

  /** Records an item that is not even a server document. */
  void reject(EntryRejection rejection) {
    rejections.add(rejection);
  }

  SourceSnapshot snapshot(String contentHash) {
    return new SourceSnapshot(servers, rejections, contentHash);
  }

  /**
   * The document as the registry serves it: {@code $schema} filled in when missing, and of {@code
   * _meta} only the publisher-provided block, as the official registry keeps it (the rest of {@code
   * _meta} is the serving registry's to write).
   */
  private static ObjectNode served(ObjectNode server) {
    ObjectNode document = JsonDocuments.NODES.objectNode();
    if (!server.has("$schema")) {
      document.put("$schema", ServerJsonRules.CURRENT_SCHEMA);
    }
    document.setAll(server);
    JsonNode meta = server.get("_meta");
    if (meta != null) {
      JsonNode provided = meta.get(PublisherMeta.PUBLISHER_PROVIDED);
      if (provided == null) {
        document.remove("_meta");
      } else {
        document.set(
            "_meta",
            JsonDocuments.NODES.objectNode().set(PublisherMeta.PUBLISHER_PROVIDED, provided));
      }
    }
    return document;
  }
}
