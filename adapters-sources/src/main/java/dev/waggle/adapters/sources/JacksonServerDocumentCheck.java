package dev.waggle.adapters.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.application.port.out.ServerDocumentCheck;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceSnapshot;
import java.util.List;
import java.util.Objects;

/**
 * Source adapter: {@link ServerDocumentCheck} with the same {@code server.json} rules and duplicate
 * rule a registry file's servers meet, for documents a source builds itself.
 */
public final class JacksonServerDocumentCheck implements ServerDocumentCheck {
  private final ServerJsonRules rules = new ServerJsonRules();

  @Override
  public SourceSnapshot check(List<String> documents, String contentHash) {
    Objects.requireNonNull(documents, "'documents' must not be null");
    Objects.requireNonNull(contentHash, "'contentHash' must not be null");
    ManifestCollector collector = new ManifestCollector(rules);
    for (int i = 0; i < documents.size(); i++) {
      JsonNode server;
      try {
        server = JsonDocuments.MAPPER.readTree(documents.get(i));
      } catch (JsonProcessingException e) {
        collector.reject(
            new EntryRejection(i, null, "", null, "not JSON: " + e.getOriginalMessage()));
        continue;
      }
      collector.add(i, server);
    }
    return collector.snapshot(contentHash);
  }
}
