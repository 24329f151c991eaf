package dev.waggle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.http.Ssl;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider behind HTTPS with its own certificate authority (as the Kubernetes API server is):
 * reached only when {@code caCertPath} names the bundle that signed it.
 */
class TlsProviderTest {
  private static final String AUDIENCE = "waggle-api";
  private static MockOAuth2Server oidc;
  private static Path bundle;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    Ssl ssl = new Ssl();
    oidc =
        new MockOAuth2Server(
            new OAuth2Config(
                false,
                null,
                null,
                false,
                new OAuth2TokenProvider(),
                Set.of(),
                new MockWebServerWrapper(ssl)));
    oidc.start();
    KeyStore store = ssl.getSslKeystore().getKeyStore();
    Certificate certificate = store.getCertificate(Collections.list(store.aliases()).get(0));
    bundle =
        Files.writeString(
            dir.resolve("ca.crt"),
            "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
  }

  @AfterAll
  static void stop() {
    oidc.shutdown();
  }

  private static RunningApi serve(Optional<Path> caCertPath) {
    String issuer = oidc.issuerUrl("cluster").toString();
    assertThat(URI.create(issuer).getScheme()).isEqualTo("https");
    return new RunningApi(
        new FakeBrowseCatalog(),
        AuthSettings.oauth(
            new OAuthSettings(
                Optional.empty(),
                OAuthSettings.DEFAULT_REALM,
                List.of(
                    new OAuthProvider(
                        "cluster",
                        issuer,
                        AUDIENCE,
                        Optional.empty(),
                        caCertPath,
                        Optional.empty(),
                        false,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty())),
                false),
            List.of()));
  }

  @Test
  void withTheProvidersCaBundleItsTokensAreChecked() {
    String token =
        oidc.issueToken("cluster", "system:serviceaccount:ops:bot", AUDIENCE).serialize();

    try (RunningApi api = serve(Optional.of(bundle))) {
      assertThat(api.get("/v1/me", token).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void withoutItTheProviderCannotBeTrustedAndTokensGet503() {
    String token =
        oidc.issueToken("cluster", "system:serviceaccount:ops:bot", AUDIENCE).serialize();

    try (RunningApi api = serve(Optional.empty())) {
      assertThat(api.get("/v1/me", token).statusCode()).isEqualTo(503);
    }
  }
}
