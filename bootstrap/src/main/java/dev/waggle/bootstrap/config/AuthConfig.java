package dev.waggle.bootstrap.config;

import dev.waggle.adapters.http.AuthSettings;
import dev.waggle.adapters.http.OAuthSettings;
import dev.waggle.domain.access.RoleRules;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration: the {@code auth} settings in force — anonymous or OAuth, the public paths, the
 * role rules of {@code authz}, and whether anyone wrote the block at all (without it the admin
 * API's writes stay closed).
 *
 * @param written whether {@code auth.mode} was set, in the file or by {@code --auth-mode}
 * @param authz the role rules; only ever present in OAuth mode, where there is a token to read
 */
public record AuthConfig(
    Mode mode,
    List<String> publicPaths,
    Optional<OAuthSettings> oauth,
    boolean written,
    Optional<RoleRules> authz) {
  /** {@code auth: {mode: anonymous}}. */
  public static final AuthConfig ANONYMOUS =
      new AuthConfig(Mode.ANONYMOUS, List.of(), Optional.empty(), true);

  /** No {@code auth} block: anonymous reads, closed writes. */
  public static final AuthConfig UNSET =
      new AuthConfig(Mode.ANONYMOUS, List.of(), Optional.empty(), false);

  public AuthConfig {
    Objects.requireNonNull(mode, "'mode' must not be null");
    publicPaths = List.copyOf(publicPaths);
    Objects.requireNonNull(oauth, "'oauth' must not be null");
    if ((mode == Mode.OAUTH) != oauth.isPresent()) {
      throw new IllegalArgumentException("OAuth settings belong to oauth mode, and only there");
    }
    Objects.requireNonNull(authz, "'authz' must not be null");
    if (authz.isPresent() && mode != Mode.OAUTH) {
      throw new IllegalArgumentException("role rules need oauth mode, where tokens carry claims");
    }
  }

  /** Settings without role rules. */
  public AuthConfig(
      Mode mode, List<String> publicPaths, Optional<OAuthSettings> oauth, boolean written) {
    this(mode, publicPaths, oauth, written, Optional.empty());
  }

  /** {@code auth.mode}. */
  public enum Mode {
    ANONYMOUS,
    OAUTH
  }

  /** The HTTP adapter's settings for these. */
  public AuthSettings http() {
    if (mode == Mode.OAUTH) {
      AuthSettings settings = AuthSettings.oauth(oauth.orElseThrow(), publicPaths);
      return authz.map(settings::withAuthz).orElse(settings);
    }
    return written
        ? new AuthSettings(AuthSettings.Mode.ANONYMOUS, publicPaths, Optional.empty())
        : AuthSettings.UNSET;
  }
}
