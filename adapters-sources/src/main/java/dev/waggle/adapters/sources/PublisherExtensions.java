package dev.waggle.adapters.sources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.domain.catalog.PublisherMeta;
import dev.waggle.domain.catalog.ServerStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Source adapter helper: reads what the catalog needs from a server's publisher-provided {@code
 * _meta} block — ToolHive's tags (used by tag filters) and its deprecation status.
 */
final class PublisherExtensions {

  private PublisherExtensions() {}

  /**
   * The union of every {@code tags[]} found two levels under publisher-provided, whatever the
   * publisher namespace and artifact key, as ToolHive's tag filter collects them.
   */
  static Set<String> tags(JsonNode server) {
    Set<String> tags = new LinkedHashSet<>();
    for (JsonNode namespace : objects(publisherProvided(server))) {
      for (JsonNode artifact : objects(namespace)) {
        JsonNode list = artifact.path("tags");
        for (JsonNode tag : list.isArray() ? list : JsonDocuments.NODES.arrayNode()) {
          if (tag.isTextual()) {
            tags.add(tag.textValue());
          }
        }
      }
    }
    return tags;
  }

  /** Deprecated when any ToolHive extension entry says so (legacy data wrote "Deprecated"). */
  static ServerStatus status(JsonNode server) {
    for (JsonNode artifact :
        objects(publisherProvided(server).path(PublisherMeta.TOOLHIVE_NAMESPACE))) {
      JsonNode status = artifact.path("status");
      if (status.isTextual() && status.textValue().equalsIgnoreCase("deprecated")) {
        return ServerStatus.DEPRECATED;
      }
    }
    return ServerStatus.ACTIVE;
  }

  private static JsonNode publisherProvided(JsonNode server) {
    return server.path("_meta").path(PublisherMeta.PUBLISHER_PROVIDED);
  }

  /** The object-valued members of {@code node}; nothing when it is not an object. */
  private static List<JsonNode> objects(JsonNode node) {
    List<JsonNode> objects = new ArrayList<>();
    if (node.isObject()) {
      node.forEach(
          value -> {
            if (value.isObject()) {
              objects.add(value);
            }
          });
    }
    return objects;
  }
}
