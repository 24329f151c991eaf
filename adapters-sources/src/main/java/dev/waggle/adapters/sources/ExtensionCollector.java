package dev.waggle.adapters.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.extension.ExtensionId;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionStatus;
import dev.waggle.domain.source.EntryRejection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Source adapter step: turns the {@code data.skills} and {@code data.plugins} items of one registry
 * file, in file order, into entries and rejections — checking each against its schema and keeping
 * only the first of a repeated (namespace, name, version).
 */
final class ExtensionCollector {
  private final ExtensionJsonRules rules;
  private final List<ExtensionEntry> entries = new ArrayList<>();
  private final List<EntryRejection> rejections = new ArrayList<>();
  private final Map<List<Object>, Integer> firstIndex = new HashMap<>();

  ExtensionCollector(ExtensionJsonRules rules) {
    this.rules = rules;
  }

  void addAll(ExtensionKind kind, List<JsonNode> items) {
    for (int i = 0; i < items.size(); i++) {
      add(kind, i, items.get(i));
    }
  }

  private void add(ExtensionKind kind, int index, JsonNode item) {
    // The list's name in the field path says which list the index counts in.
    String path = kind.plural() + "[" + index + "]";
    String label = label(item);
    var violation = rules.check(kind, item, path);
    if (violation.isPresent()) {
      RuleViolation v = violation.get();
      rejections.add(new EntryRejection(index, label, v.field(), v.value(), v.reason()));
      return;
    }
    ExtensionId id =
        ExtensionId.of(item.get("namespace").textValue(), item.get("name").textValue());
    String version = item.get("version").textValue();
    Integer first = firstIndex.putIfAbsent(List.of(kind, id, version), index);
    if (first != null) {
      rejections.add(
          new EntryRejection(
              index,
              label,
              path + ".version",
              version,
              "duplicate of "
                  + kind.plural()
                  + "["
                  + first
                  + "] (same namespace, name and version), which is kept"));
      return;
    }
    ExtensionStatus status =
        item.has("status")
            ? ExtensionStatus.fromDocument("status", item.get("status").textValue())
            : ExtensionStatus.ACTIVE;
    entries.add(
        new ExtensionEntry(
            kind,
            id,
            Version.of(version),
            status,
            item.path("title").textValue(),
            item.get("description").textValue(),
            JsonDocuments.compact(served((ObjectNode) item, status)),
            Claims.NONE));
  }

  List<ExtensionEntry> entries() {
    return List.copyOf(entries);
  }

  List<EntryRejection> rejections() {
    return List.copyOf(rejections);
  }

  /** {@code namespace/name} as far as the item has them as strings, to find it in the file. */
  private static String label(JsonNode item) {
    String namespace = item.path("namespace").textValue();
    String name = item.path("name").textValue();
    if (namespace == null && name == null) {
      return null;
    }
    return (namespace == null ? "?" : namespace) + "/" + (name == null ? "?" : name);
  }

  /** The entry as served: as written, with the schema's default status made explicit. */
  private static ObjectNode served(ObjectNode item, ExtensionStatus status) {
    if (item.has("status")) {
      return item;
    }
    ObjectNode document = item.deepCopy();
    document.put("status", status.wireName());
    return document;
  }
}
