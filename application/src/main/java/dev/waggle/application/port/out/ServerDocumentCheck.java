package dev.waggle.application.port.out;

import dev.waggle.domain.source.SourceSnapshot;
import java.util.List;

/**
 * Outgoing port: the {@code server.json} rules that every registry file's entries meet, for a
 * source that writes its documents itself (a kubernetes source builds them from annotations), so
 * that its entries pass the same rules as every other source's.
 */
public interface ServerDocumentCheck {

  /**
   * Checks each {@code server.json} document in order: the acceptable ones become manifests, each
   * other one a rejection that names it and says why, its index being its position in {@code
   * documents}. A (name, version) that comes twice is kept once, like in a registry file.
   *
   * @param contentHash the hash the snapshot carries, which the caller computed over what it read
   */
  SourceSnapshot check(List<String> documents, String contentHash);
}
