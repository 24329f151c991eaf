package dev.waggle.application.port.in;

import dev.waggle.domain.extension.ExtensionId;
import dev.waggle.domain.extension.ExtensionKind;

/** Thrown when a skill or plugin, or the asked-for version of it, is missing or hidden. */
public class ExtensionNotFoundException extends RuntimeException {
  public ExtensionNotFoundException(ExtensionKind kind, ExtensionId id, String version) {
    super(
        capitalized(kind.singular())
            + " not found: "
            + id
            + (version == null ? "" : " version " + version));
  }

  private static String capitalized(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
