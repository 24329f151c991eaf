package dev.waggle.adapters.http;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Settings value for OAuth mode: the providers whose tokens are accepted, tried in order, and how
 * the API names itself to clients (RFC 9728 {@code resource}, the {@code realm} of its challenges).
 *
 * @param resourceUrl this API's public URL; when set, 401 answers point clients at its {@code
 *     /.well-known/oauth-protected-resource} document
 * @param insecureUrls whether discovery may hand out {@code http://} key and introspection
 *     addresses on hosts other than loopback ({@code THV_REGISTRY_INSECURE_URL=true})
 */
public record OAuthSettings(
    Optional<URI> resourceUrl, String realm, List<OAuthProvider> providers, boolean insecureUrls) {
  public static final String DEFAULT_REALM = "mcp-registry";

  public OAuthSettings {
    Objects.requireNonNull(resourceUrl, "'resourceUrl' must not be null");
    Objects.requireNonNull(realm, "'realm' must not be null");
    if (realm.isBlank()) {
      throw new IllegalArgumentException("'realm' must not be blank");
    }
    providers = List.copyOf(providers);
    if (providers.isEmpty()) {
      throw new IllegalArgumentException("at least one OAuth provider is required");
    }
    Set<String> names = new HashSet<>();
    for (OAuthProvider provider : providers) {
      if (!names.add(provider.name())) {
        throw new IllegalArgumentException(
            "two OAuth providers are named '" + provider.name() + "'");
      }
    }
  }
}
