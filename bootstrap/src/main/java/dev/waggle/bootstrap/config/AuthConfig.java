package dev.waggle.bootstrap.config;

import dev.waggle.domain.access.Claims;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration: the {@code auth} block. Only {@code mode: anonymous} runs in this version; the
 * OAuth and authorization parts are parsed and checked so that a file written for them is refused
 * with a clear reason rather than half-applied.
 */
public record AuthConfig(
    Mode mode, List<String> publicPaths, Optional<OAuth> oauth, Optional<Authz> authz) {
  public static final AuthConfig ANONYMOUS =
      new AuthConfig(Mode.ANONYMOUS, List.of(), Optional.empty(), Optional.empty());

  public AuthConfig {
    publicPaths = List.copyOf(publicPaths);
  }

  /** {@code auth.mode}. */
  public enum Mode {
    ANONYMOUS,
    OAUTH
  }

  /** {@code auth.oauth}. */
  public record OAuth(Optional<URI> resourceUrl, String realm, List<Provider> providers) {
    public static final String DEFAULT_REALM = "mcp-registry";

    public OAuth {
      providers = List.copyOf(providers);
    }
  }

  /** One entry of {@code auth.oauth.providers}. */
  public record Provider(
      String name,
      URI issuerUrl,
      String audience,
      Optional<URI> jwksUrl,
      Optional<String> clientId,
      Optional<String> clientSecretFile,
      Optional<String> caCertPath,
      Optional<String> authTokenFile,
      Optional<URI> introspectionUrl,
      boolean allowPrivateIp) {}

  /** {@code auth.authz.roles}: for each role, the claim sets that grant it. */
  public record Authz(Map<String, List<Claims>> roles) {
    public Authz {
      roles = Map.copyOf(roles);
    }
  }
}
