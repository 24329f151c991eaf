package dev.waggle.application.port.out;

import dev.waggle.domain.access.Claims;
import java.util.List;
import java.util.Objects;

/**
 * Result: what a source that writes its own {@code server.json} documents holds now — each document
 * with the object it came from and its own claims, and the objects that could not even become a
 * document, with the reason.
 */
public record ServerDocuments(List<Document> documents, List<Refused> refused) {
  public ServerDocuments {
    documents = List.copyOf(Objects.requireNonNull(documents, "'documents' must not be null"));
    refused = List.copyOf(Objects.requireNonNull(refused, "'refused' must not be null"));
  }

  /**
   * One entry as its source wrote it, not yet checked.
   *
   * @param name the server name the document gives, to tell two objects of one name apart
   * @param origin what the document was made from, unique within the source (a Kubernetes object's
   *     kind, namespace and name), named in every rejection
   * @param json the {@code server.json} document
   * @param claims the entry's own claims; none takes the source's
   */
  public record Document(String name, String origin, String json, Claims claims) {
    public Document {
      Objects.requireNonNull(name, "'name' must not be null");
      Objects.requireNonNull(origin, "'origin' must not be null");
      Objects.requireNonNull(json, "'json' must not be null");
      Objects.requireNonNull(claims, "'claims' must not be null");
    }
  }

  /**
   * An object that could not become a document: the field that is broken, its value and why.
   *
   * @param name the server name the object would have had
   */
  public record Refused(String name, String origin, String field, String value, String reason) {
    public Refused {
      Objects.requireNonNull(name, "'name' must not be null");
      Objects.requireNonNull(origin, "'origin' must not be null");
      Objects.requireNonNull(field, "'field' must not be null");
      Objects.requireNonNull(reason, "'reason' must not be null");
    }
  }
}
