package dev.waggle.adapters.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.application.port.out.ExtensionDocumentCheck;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Source adapter: {@link ExtensionDocumentCheck} with the same schema and rules a registry file's
 * skills and plugins meet; a rejection names its field from the entry itself ({@code
 * skill.namespace}), since the documents do not come in a file's list.
 */
public final class JacksonExtensionDocumentCheck implements ExtensionDocumentCheck {
  private final ExtensionJsonRules rules = new ExtensionJsonRules();

  @Override
  public SourceSnapshot check(ExtensionKind kind, List<String> documents) {
    Objects.requireNonNull(kind, "'kind' must not be null");
    Objects.requireNonNull(documents, "'documents' must not be null");
    List<JsonNode> items = new ArrayList<>();
    List<EntryRejection> unreadable = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      try {
        items.add(JsonDocuments.MAPPER.readTree(documents.get(i)));
      } catch (JsonProcessingException e) {
        unreadable.add(
            new EntryRejection(
                i, null, kind.singular(), null, "not JSON: " + e.getOriginalMessage()));
        items.add(JsonDocuments.MAPPER.nullNode());
      }
    }
    ExtensionCollector collector = new ExtensionCollector(rules);
    collector.addAll(kind, items);
    List<EntryRejection> rejections = new ArrayList<>(unreadable);
    String listPrefix = kind.plural() + "[";
    for (EntryRejection r : collector.rejections()) {
      if (unreadable.stream().anyMatch(u -> u.index() == r.index())) {
        continue;
      }
      String field = r.field();
      if (field.startsWith(listPrefix)) {
        // skills[0].namespace -> skill.namespace
        field = kind.singular() + field.substring(field.indexOf(']') + 1);
      }
      rejections.add(new EntryRejection(r.index(), r.entryName(), field, r.value(), r.reason()));
    }
    return new SourceSnapshot(List.of(), rejections, "published", collector.entries());
  }
}
