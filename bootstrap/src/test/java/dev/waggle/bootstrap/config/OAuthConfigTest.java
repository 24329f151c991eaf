package dev.waggle.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.adapters.http.AuthSettings;
import dev.waggle.adapters.http.OAuthProvider;
import dev.waggle.adapters.http.OAuthSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auth.mode: oauth}: the {@code auth.oauth} block as the HTTP adapter receives it. */
class OAuthConfigTest {
  private static final String HEAD =
      """
      sources:
        - {name: local, file: {path: catalog.json}, syncPolicy: {interval: 5m}}
      registries:
        - {name: default, sources: [local]}
      """;

  @TempDir Path dir;
  private final Map<String, String> env = new HashMap<>();

  private ConfigResult load(String auth) {
    return new ConfigLoader(env, dir, dir.resolve("home")).parse(HEAD + auth);
  }

  private static List<String> errors(ConfigResult result) {
    return result.errors().stream().map(ConfigProblem::toString).toList();
  }

  private static List<String> warnings(ConfigResult result) {
    return result.warnings().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void everyProviderKeyReachesTheHttpAdapter() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret"), "s3cret\n");
    ConfigResult result =
        load(
            """
            auth:
              mode: oauth
              publicPaths: [/registry/open/v0.1]
              oauth:
                resourceUrl: https://registry.example.com
                providers:
                  - name: idp
                    issuerUrl: https://id.example.com/realms/eng
                    audience: registry
                    jwksUrl: https://id.example.com/keys
                  - name: opaque
                    issuerURL: https://as.example.com
                    audience: registry
                    introspectionUrl: https://as.example.com/introspect
                    clientId: waggle
                    clientSecretFile: %s
                    allowPrivateIP: true
            """
                .formatted(secret));

    assertThat(errors(result)).isEmpty();
    AuthSettings http = result.orElseThrow().auth().http();
    assertThat(http.mode()).isEqualTo(AuthSettings.Mode.OAUTH);
    assertThat(http.publicPaths()).containsExactly("/registry/open/v0.1");
    OAuthSettings oauth = http.oauth().orElseThrow();
    assertThat(oauth.resourceUrl()).hasValue(URI.create("https://registry.example.com"));
    assertThat(oauth.realm()).isEqualTo("mcp-registry");
    assertThat(oauth.providers())
        .containsExactly(
            OAuthProvider.discovered("idp", "https://id.example.com/realms/eng", "registry")
                .withJwksUrl(URI.create("https://id.example.com/keys")),
            new OAuthProvider(
                "opaque",
                "https://as.example.com",
                "registry",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                true,
                Optional.of(URI.create("https://as.example.com/introspect")),
                Optional.of("waggle"),
                Optional.of(secret)));
  }

  @Test
  void eachBadProviderKeyIsNamedWithItsPath() {
    ConfigResult result =
        load(
            """
            auth:
              mode: oauth
              oauth:
                resourceUrl: registry.example.com
                providers:
                  - name: idp
                    issuerUrl: https://id.example.com
                    audience: registry
                    jwksUrl: http://keys.example.com/jwks
                    introspectionUrl: ftp://as.example.com
                    clientSecretFile: relative/secret
                  - name: idp
                    issuerUrl: https://other.example.com
                    audience: registry
                    caCertPath: %s
            """
                .formatted(dir.resolve("no-ca.pem")));

    assertThat(errors(result))
        .containsExactlyInAnyOrder(
            "auth.oauth.resourceUrl: must be an absolute http(s) URL with a host (got"
                + " \"registry.example.com\")",
            "auth.oauth.providers[0].jwksUrl: must use HTTPS (set THV_REGISTRY_INSECURE_URL=true"
                + " to allow HTTP)",
            "auth.oauth.providers[0].introspectionUrl: must be an absolute http(s) URL with a host"
                + " (got \"ftp://as.example.com\")",
            "auth.oauth.providers[0].clientSecretFile: must be an absolute path (got"
                + " \"relative/secret\")",
            "auth.oauth.providers[1].name: another provider is already named \"idp\"");
    assertThat(warnings(result))
        .anyMatch(
            w ->
                w.startsWith(
                    "auth.oauth.providers[1].caCertPath: there is no file at "
                        + dir.resolve("no-ca.pem")
                        + " now; calls to provider 'idp' fail (tokens get 503)"));
  }

  @Test
  void aCaBundleThatIsNotPemIsRejected() throws IOException {
    Path notPem = Files.writeString(dir.resolve("ca.crt"), "replace-with-the-ca-certificate\n");

    ConfigResult result =
        load(
            """
            auth:
              mode: oauth
              oauth:
                providers:
                  - {name: k8s, issuerUrl: "https://kubernetes.default.svc", audience: registry, caCertPath: %s}
            """
                .formatted(notPem));

    assertThat(errors(result))
        .singleElement()
        .asString()
        .startsWith("auth.oauth.providers[0].caCertPath: is not a PEM certificate bundle: ");
  }

  @Test
  void anOauthBlockWithoutProvidersIsAnError() {
    assertThat(errors(load("auth:\n  mode: oauth\n  oauth: {realm: waggle}\n")))
        .containsExactly(
            "auth.oauth.providers: at least one provider is required when auth.mode is oauth");
  }
}
