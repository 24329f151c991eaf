package dev.waggle.domain.extension;

import dev.waggle.domain.ValidationException;
import java.util.Locale;

/** The lifecycle status of a skill or plugin version, lower case on the wire as the schema says. */
public enum ExtensionStatus {
  ACTIVE,
  DEPRECATED,
  ARCHIVED;

  private static final String ALLOWED = "must be one of active, deprecated, archived";

  /** The lower-case wire form ({@code active}, {@code deprecated}, {@code archived}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status a registry file states: exactly one of the schema's lower-case values. */
  public static ExtensionStatus fromDocument(String field, String value) {
    for (ExtensionStatus status : values()) {
      if (status.wireName().equals(value)) {
        return status;
      }
    }
    throw new ValidationException(field, value, ALLOWED);
  }

  /**
   * The status a query asks for; any case, because ToolHive serves these upper case and its clients
   * may echo that back.
   */
  public static ExtensionStatus fromQuery(String field, String value) {
    for (ExtensionStatus status : values()) {
      if (status.wireName().equalsIgnoreCase(value)) {
        return status;
      }
    }
    throw new ValidationException(field, value, ALLOWED);
  }
}
