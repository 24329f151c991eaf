package dev.waggle.adapters.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.PublisherMeta;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.UpstreamMeta;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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
    add(index, server, PublisherExtensions.status(server), null, UpstreamMeta.NONE);
  }

  /** Adds a server whose status its source states (an upstream registry's own status). */
  void add(int index, JsonNode server, ServerStatus status) {
    add(index, server, status, null, UpstreamMeta.NONE);
  }

  /** Adds a server listed by an upstream registry, with what that registry said about it. */
  void add(int index, JsonNode server, ServerStatus status, UpstreamMeta upstream) {
    add(index, server, status, null, upstream);
  }

  /**
   * @param written the server's text as the file holds it, without whitespace between tokens; null
   *     when the server did not come from the file as it is (a converted legacy entry)
   */
  void add(int index, JsonNode server, ServerStatus status, Supplier<String> written) {
    add(index, server, status, written, UpstreamMeta.NONE);
  }

  private void add(
      int index,
      JsonNode server,
      ServerStatus status,
      Supplier<String> written,
      UpstreamMeta upstream) {
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
            document((ObjectNode) server, written),
            Claims.NONE,
            upstream));
  }

  /** Records an item that is not even a server document. */
  void reject(EntryRejection rejection) {
    rejections.add(rejection);
  }

  SourceSnapshot snapshot(String contentHash) {
    return new SourceSnapshot(servers, rejections, contentHash);
  }

  /**
   * The served document, taken from the file's own text when it needs no change but a {@code
   * $schema} in front: writing a tree anew costs as much as parsing it, and the text keeps strings
   * and numbers exactly as the publisher wrote them.
   */
  private static String document(ObjectNode server, Supplier<String> written) {
    JsonNode meta = server.get("_meta");
    boolean metaAsServed =
        meta == null
            || (meta.isObject() && meta.size() == 1 && meta.has(PublisherMeta.PUBLISHER_PROVIDED));
    if (written == null || !metaAsServed) {
      return JsonDocuments.compact(served(server));
    }
    String text = written.get();
    if (server.has("$schema")) {
      return text;
    }
    return "{\"$schema\":"
        + JsonDocuments.compact(JsonDocuments.NODES.textNode(ServerJsonRules.CURRENT_SCHEMA))
        + ","
        + text.substring(1);
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
