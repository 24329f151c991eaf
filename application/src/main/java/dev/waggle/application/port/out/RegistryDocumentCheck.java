package dev.waggle.application.port.out;

import java.util.Optional;

/**
 * Outgoing port: the rules a sync reads a registry file by, for inline data the admin API is given,
 * so that data a sync would refuse is refused when it is sent rather than stored to fail later.
 */
public interface RegistryDocumentCheck {

  /**
   * Reads {@code document} as a sync of an inline file source would.
   *
   * @return the first problem — the document is not a registry file, or one of its entries breaks a
   *     rule — saying where it lies; empty when every entry would be taken
   */
  Optional<String> problem(String document);
}
