package dev.waggle.adapters.http;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings value for one OAuth provider: whose tokens it vouches for ({@code issuerUrl}), for whom
 * they must be meant ({@code audience}), where its signing keys are (a {@code jwksUrl}, else found
 * by OIDC discovery from the issuer), how opaque tokens are checked (RFC 7662 introspection), and
 * how Waggle reaches it.
 *
 * @param caCertPath PEM bundle trusted instead of the JDK's for every call to this provider
 * @param authTokenFile a bearer token sent with discovery and key requests, read at each request so
 *     a rotated service-account token is picked up
 * @param allowPrivateIP whether the provider's hosts may resolve to private addresses (loopback is
 *     always allowed)
 * @param clientSecretFile with {@code clientId}, the introspection call's basic credentials
 */
public record OAuthProvider(
    String name,
    String issuerUrl,
    String audience,
    Optional<URI> jwksUrl,
    Optional<Path> caCertPath,
    Optional<Path> authTokenFile,
    boolean allowPrivateIP,
    Optional<URI> introspectionUrl,
    Optional<String> clientId,
    Optional<Path> clientSecretFile) {
  public OAuthProvider {
    requireText(name, "name");
    requireText(issuerUrl, "issuerUrl");
    issuerUrl = issuerUrl.strip();
    requireText(audience, "audience");
    Objects.requireNonNull(jwksUrl, "'jwksUrl' must not be null");
    Objects.requireNonNull(caCertPath, "'caCertPath' must not be null");
    Objects.requireNonNull(authTokenFile, "'authTokenFile' must not be null");
    Objects.requireNonNull(introspectionUrl, "'introspectionUrl' must not be null");
    Objects.requireNonNull(clientId, "'clientId' must not be null");
    Objects.requireNonNull(clientSecretFile, "'clientSecretFile' must not be null");
  }

  /** A provider found by OIDC discovery from its issuer, with nothing else set. */
  public static OAuthProvider discovered(String name, String issuerUrl, String audience) {
    return new OAuthProvider(
        name,
        issuerUrl,
        audience,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** This provider with its keys at {@code jwksUrl}: no discovery. */
  public OAuthProvider withJwksUrl(URI jwksUrl) {
    return new OAuthProvider(
        name,
        issuerUrl,
        audience,
        Optional.of(jwksUrl),
        caCertPath,
        authTokenFile,
        allowPrivateIP,
        introspectionUrl,
        clientId,
        clientSecretFile);
  }

  /** This provider checking opaque tokens at {@code url}, with these client credentials. */
  public OAuthProvider withIntrospection(
      URI url, Optional<String> clientId, Optional<Path> clientSecretFile) {
    return new OAuthProvider(
        name,
        issuerUrl,
        audience,
        jwksUrl,
        caCertPath,
        authTokenFile,
        allowPrivateIP,
        Optional.of(url),
        clientId,
        clientSecretFile);
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + field + "' must not be blank");
    }
  }
}
