package dev.waggle.application.port.out;

import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.source.SourceSnapshot;
import java.util.List;

/**
 * Outgoing port: the rules every skill or plugin of a registry file meets, for documents that come
 * another way (the publish API), so that a published entry passes the same rules as a synced one.
 */
public interface ExtensionDocumentCheck {

  /**
   * Checks each document in order: the acceptable ones become entries without claims, each other
   * one a rejection that names the field and says why, its index being its position in {@code
   * documents}.
   */
  SourceSnapshot check(ExtensionKind kind, List<String> documents);
}
