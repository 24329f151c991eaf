package dev.waggle.adapters.http;

import dev.waggle.domain.access.RoleRules;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings value for who may call the public API: nobody is asked for a token ({@link
 * Mode#ANONYMOUS}, or {@link Mode#UNSET} when the configuration says nothing, which also closes the
 * {@code /v1} writes), or every request outside the public paths needs a bearer token one of the
 * OAuth providers vouches for ({@link Mode#OAUTH}).
 *
 * @param publicPaths path prefixes that need no token in OAuth mode, on top of {@link
 *     PublicPaths#BUILT_IN}; matched segment by segment
 * @param authz the role rules of {@code auth.authz}; when present in OAuth mode, a caller holds the
 *     roles its token's claims earn and sees only what those claims reach; when empty, every caller
 *     a provider vouched for holds every role and sees everything (ToolHive's auth-only mode)
 */
public record AuthSettings(
    Mode mode, List<String> publicPaths, Optional<OAuthSettings> oauth, Optional<RoleRules> authz) {
  /** {@code auth.mode: anonymous}, written by someone: reads and writes open to everyone. */
  public static final AuthSettings ANONYMOUS =
      new AuthSettings(Mode.ANONYMOUS, List.of(), Optional.empty());

  /** No {@code auth} block at all: reads stay open, the admin API's writes are refused. */
  public static final AuthSettings UNSET =
      new AuthSettings(Mode.UNSET, List.of(), Optional.empty());

  /** How callers are identified. */
  public enum Mode {
    UNSET,
    ANONYMOUS,
    OAUTH
  }

  public AuthSettings {
    Objects.requireNonNull(mode, "'mode' must not be null");
    publicPaths = List.copyOf(publicPaths);
    for (String path : publicPaths) {
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException(
            "a public path must start with '/' (got \"" + path + "\")");
      }
    }
    Objects.requireNonNull(oauth, "'oauth' must not be null");
    if ((mode == Mode.OAUTH) != oauth.isPresent()) {
      throw new IllegalArgumentException(
          "OAuth settings are required in oauth mode, and only there");
    }
    Objects.requireNonNull(authz, "'authz' must not be null");
  }

  /** Settings without role rules. */
  public AuthSettings(Mode mode, List<String> publicPaths, Optional<OAuthSettings> oauth) {
    this(mode, publicPaths, oauth, Optional.empty());
  }

  /** These settings with the role rules of {@code auth.authz}. */
  public AuthSettings withAuthz(RoleRules rules) {
    return new AuthSettings(mode, publicPaths, oauth, Optional.of(rules));
  }

  /** Whether callers' roles come from rules and their claims are checked: OAuth with authz. */
  public boolean authorizes() {
    return mode == Mode.OAUTH && authz.isPresent();
  }

  /** OAuth mode with these providers. */
  public static AuthSettings oauth(OAuthSettings oauth, List<String> publicPaths) {
    return new AuthSettings(Mode.OAUTH, publicPaths, Optional.of(oauth));
  }
}
