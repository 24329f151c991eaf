package dev.waggle.adapters.k8s.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waggle.application.port.out.ServerDocumentCheck;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Port fake: stands in for the server.json rules with one of them — a description of at most 100
 * characters — so that the reader's handling of rejections shows; the real rules are tested where
 * they live.
 */
final class DescriptionLengthCheck implements ServerDocumentCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public SourceSnapshot check(List<String> documents, String contentHash) {
    List<ServerManifest> servers = new ArrayList<>();
    List<EntryRejection> rejections = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      JsonNode document;
      try {
        document = JSON.readTree(documents.get(i));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      String name = document.get("name").asText();
      String description = document.get("description").asText();
      if (description.length() > 100) {
        rejections.add(
            new EntryRejection(i, name, "description", description, "must be at most 100 long"));
        continue;
      }
      servers.add(
          new ServerManifest(
              ServerName.of(name),
              Version.of(document.get("version").asText()),
              document.path("title").textValue(),
              description,
              ServerStatus.ACTIVE,
              Set.of(),
              documents.get(i),
              Claims.NONE));
    }
    return new SourceSnapshot(servers, rejections, contentHash);
  }
}
