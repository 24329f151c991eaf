package dev.waggle.adapters.sources;

import dev.waggle.application.port.out.RegistryDocumentCheck;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceSnapshot;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Source adapter: {@link RegistryDocumentCheck} through the very {@link RegistryDocumentParser}
 * that file and git syncs read registry files with.
 */
public final class ParserRegistryDocumentCheck implements RegistryDocumentCheck {
  /** Where the parser's messages say the document came from. */
  static final String ORIGIN = "file.data";

  private final RegistryDocumentParser parser;

  @Inject
  public ParserRegistryDocumentCheck(RegistryDocumentParser parser) {
    this.parser = Objects.requireNonNull(parser, "'parser' must not be null");
  }

  @Override
  public Optional<String> problem(String document) {
    Objects.requireNonNull(document, "'document' must not be null");
    SourceSnapshot snapshot;
    try {
      snapshot = parser.parse(document.getBytes(StandardCharsets.UTF_8), ORIGIN);
    } catch (SourceReadException e) {
      // The caller names the field; the parser's message starts with it as the origin.
      String message = e.getMessage();
      return Optional.of(
          message.startsWith(ORIGIN + ": ") ? message.substring(ORIGIN.length() + 2) : message);
    }
    return snapshot.rejections().stream().findFirst().map(EntryRejection::describe);
  }
}
