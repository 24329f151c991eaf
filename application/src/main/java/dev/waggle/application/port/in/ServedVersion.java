package dev.waggle.application.port.in;

import dev.waggle.domain.catalog.OfficialMeta;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.Version;
import java.util.Objects;

/**
 * Read model: one served version — what it is and its wire form, encoded once per snapshot.
 *
 * @param encoded the version as the API writes it; callers must not modify the array
 */
public record ServedVersion(ServerName name, Version version, OfficialMeta meta, byte[] encoded) {
  public ServedVersion {
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(version, "'version' must not be null");
    Objects.requireNonNull(meta, "'meta' must not be null");
    Objects.requireNonNull(encoded, "'encoded' must not be null");
  }
}
