package dev.waggle.adapters.http;

/**
 * Settings value for the HTTP adapter: what this build is, as {@code GET /version} reports it, with
 * {@code unknown} for any part a development build does not know.
 */
public record BuildInfo(String version, String commit, String buildDate) {
  static final String UNKNOWN = "unknown";

  public BuildInfo {
    version = orUnknown(version);
    commit = orUnknown(commit);
    buildDate = orUnknown(buildDate);
  }

  private static String orUnknown(String value) {
    return value == null || value.isBlank() ? UNKNOWN : value.strip();
  }
}
