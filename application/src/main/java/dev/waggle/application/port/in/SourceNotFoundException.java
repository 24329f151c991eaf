package dev.waggle.application.port.in;

import dev.waggle.domain.source.SourceName;

/** Thrown when a caller names a source that does not exist. */
public class SourceNotFoundException extends RuntimeException {
  public SourceNotFoundException(SourceName name) {
    super("source not found: " + name.value());
  }
}
