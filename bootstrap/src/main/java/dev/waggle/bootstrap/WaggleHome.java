package dev.waggle.bootstrap;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Bootstrap: the directory Waggle keeps its own files in — the embedded PostgreSQL data and its
 * passwords, and the unpacked bundled example. {@code WAGGLE_HOME} (system property, then
 * environment), else {@code ./.waggle}.
 */
final class WaggleHome {
  static final String VARIABLE = "WAGGLE_HOME";

  private WaggleHome() {}

  static Path resolve(Map<String, String> env, Path workingDirectory) {
    return Optional.ofNullable(System.getProperty(VARIABLE))
        .or(() -> Optional.ofNullable(env.get(VARIABLE)))
        .filter(s -> !s.isBlank())
        .map(Path::of)
        .map(workingDirectory::resolve)
        .orElse(workingDirectory.resolve(".waggle"))
        .toAbsolutePath()
        .normalize();
  }

  static Path embeddedDataDirectory(Path home) {
    return home.resolve("pg");
  }

  /** The embedded PostgreSQL's passwords: beside its data, not in it, and private (0600). */
  static Path embeddedSecretsFile(Path home) {
    return home.resolve("pg-secrets.properties");
  }
}
