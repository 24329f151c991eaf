package dev.waggle.domain.catalog;

import dev.waggle.domain.ValidationException;
import java.util.regex.Pattern;

/**
 * Value object: a server's reverse-DNS name, {@code namespace/name}, as the MCP registry defines
 * it.
 */
public record ServerName(String value) implements Comparable<ServerName> {
  private static final Pattern NAMESPACE =
      Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?");
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9._-]*[a-zA-Z0-9])?");
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
    if (!NAMESPACE.matcher(value.substring(0, slash)).matches()) {
      throw new ValidationException(
          "name",
          value,
          "namespace must be letters, digits, '.' or '-', starting and ending with a letter or digit");
    }
    if (!NAME.matcher(value.substring(slash + 1)).matches()) {
      throw new ValidationException(
          "name",
          value,
          "name must be letters, digits, '.', '_' or '-', starting and ending with a letter or digit");
    }
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
