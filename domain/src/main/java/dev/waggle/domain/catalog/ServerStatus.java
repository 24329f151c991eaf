package dev.waggle.domain.catalog;

import dev.waggle.domain.ValidationException;
import java.util.Locale;

/** The lifecycle status of a server version, as the official registry names it. */
public enum ServerStatus {
  ACTIVE,
  DEPRECATED,
  DELETED;

  /** The lower-case wire form ({@code active}, {@code deprecated}, {@code deleted}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ServerStatus fromWire(String field, String value) {
    if (value != null) {
      for (ServerStatus status : values()) {
        if (status.wireName().equalsIgnoreCase(value)) {
          return status;
        }
      }
    }
    throw new ValidationException(field, value, "must be one of active, deprecated, deleted");
  }
}
