package dev.waggle.domain.catalog;

import java.util.Objects;

/** Read model: one served version — its stored document and the registry's metadata about it. */
public record ServerListing(ServerName name, Version version, String document, OfficialMeta meta) {
  public ServerListing {
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(version, "'version' must not be null");
    Objects.requireNonNull(document, "'document' must not be null");
    Objects.requireNonNull(meta, "'meta' must not be null");
  }
}
