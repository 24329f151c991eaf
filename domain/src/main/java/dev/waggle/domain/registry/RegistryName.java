package dev.waggle.domain.registry;

import dev.waggle.domain.ValidationException;
import java.util.regex.Pattern;

/** Value object: a registry's name, used as one URL path segment ({@code /registry/{name}/...}). */
public record RegistryName(String value) {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~-]{1,253}");

  public RegistryName {
    if (value == null
        || !SEGMENT.matcher(value).matches()
        || value.equals(".")
        || value.equals("..")) {
      throw new ValidationException(
          "name", value, "registry name must be 1 to 253 letters, digits, '.', '_', '~' or '-'");
    }
  }

  public static RegistryName of(String value) {
    return new RegistryName(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
