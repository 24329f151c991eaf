package dev.waggle.application.port.in;

import dev.waggle.domain.catalog.EntryType;

/** Thrown when the managed source holds no such entry, or no such version of it. */
public class EntryNotFoundException extends RuntimeException {
  public EntryNotFoundException(EntryType type, String name, String version) {
    super(
        type.wireName()
            + " not found: "
            + name
            + (version == null ? "" : " version " + version)
            + " in the managed source");
  }
}
