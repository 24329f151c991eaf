package dev.waggle.domain.catalog;

import dev.waggle.domain.ValidationException;

/**
 * Value object: a server's reverse-DNS name, {@code namespace/name}, as the MCP registry defines
 * it.
 */
public record ServerName(String value) implements Comparable<ServerName> {
  public static final int MIN_LENGTH = 3;
  public static final int MAX_LENGTH = 200;

  public ServerName {
    if (value == null || value.isEmpty()) {
      throw new ValidationException("name", value, "server name is required");
    }
    if (value.length() < MIN_LENGTH || value.length() > MAX_LENGTH) {
      throw new ValidationException(
          "name", value, "server name must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
    }
    int slash = value.indexOf('/');
    if (slash < 0 || slash != value.lastIndexOf('/')) {
      throw new ValidationException(
          "name", value, "server name must contain exactly one '/' (namespace/name)");
    }
    if (!part(value, 0, slash, ".-")) {
      throw new ValidationException(
          "name",
          value,
          "namespace must be letters, digits, '.' or '-', starting and ending with a letter or digit");
    }
    if (!part(value, slash + 1, value.length(), "._-")) {
      throw new ValidationException(
          "name",
          value,
          "name must be letters, digits, '.', '_' or '-', starting and ending with a letter or digit");
    }
  }

  /**
   * Whether {@code value[from, to)} is letters and digits and {@code inner} characters, starting
   * and ending with a letter or digit. Checked by hand: every sync builds a name per version.
   */
  private static boolean part(String value, int from, int to, String inner) {
    if (from >= to || !letterOrDigit(value.charAt(from)) || !letterOrDigit(value.charAt(to - 1))) {
      return false;
    }
    for (int i = from + 1; i < to - 1; i++) {
      char c = value.charAt(i);
      if (!letterOrDigit(c) && inner.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean letterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  public static ServerName of(String value) {
    return new ServerName(value);
  }

  public String namespace() {
    return value.substring(0, value.indexOf('/'));
  }

  public String shortName() {
    return value.substring(value.indexOf('/') + 1);
  }

  @Override
  public int compareTo(ServerName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
