package dev.waggle.domain.catalog;

import dev.waggle.domain.ValidationException;
import java.util.Optional;

/**
 * Value object: one version string of a server, semver or not; never the reserved word "latest".
 */
public record Version(String value) {
  public static final int MAX_LENGTH = 255;

  public Version {
    if (value == null || value.isBlank()) {
      throw new ValidationException("version", value, "version is required");
    }
    if (value.length() > MAX_LENGTH) {
      throw new ValidationException(
          "version", value, "version must be at most " + MAX_LENGTH + " characters");
    }
    if (value.equals("latest")) {
      throw new ValidationException(
          "version", value, "'latest' is reserved and cannot be a version");
    }
  }

  public static Version of(String value) {
    return new Version(value);
  }

  /** The semantic version this string denotes, when it is one by the registry's rule. */
  public Optional<SemanticVersion> semantic() {
    return SemanticVersion.parse(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
