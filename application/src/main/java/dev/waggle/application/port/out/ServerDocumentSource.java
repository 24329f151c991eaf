package dev.waggle.application.port.out;

import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;

/**
 * Outgoing port: a kind of source that writes its entries' {@code server.json} documents itself (a
 * kubernetes source builds them from annotations). The application checks them with the same rules
 * as every registry file's entries and syncs the source like any other.
 */
public interface ServerDocumentSource {

  boolean supports(SourceKind kind);

  /**
   * Every document the source holds now, in any order.
   *
   * @throws SourceReadException when the source cannot be read at all
   */
  ServerDocuments read(SourceDefinition source) throws SourceReadException;
}
