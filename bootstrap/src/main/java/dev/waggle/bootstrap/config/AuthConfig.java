package dev.waggle.bootstrap.config;

import java.util.List;
import java.util.Optional;

/**
 * Configuration: the {@code auth} settings in force. Only {@code mode: anonymous} runs in this
 * version; a file asking for OAuth or role-based authorization is refused by name, not
 * half-applied.
 */
public record AuthConfig(Mode mode, List<String> publicPaths) {
  public static final AuthConfig ANONYMOUS = new AuthConfig(Mode.ANONYMOUS, List.of());

  public AuthConfig {
    publicPaths = List.copyOf(publicPaths);
  }

  /** {@code auth.mode}. */
  public enum Mode {
    ANONYMOUS,
    OAUTH
  }

  /** The OAuth settings in force: none, since OAuth does not run in this version. */
  public Optional<String> oauth() {
    return Optional.empty();
  }
}
