package dev.waggle.adapters.http;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTP adapter helper: the client Waggle reaches one OAuth provider with — for its discovery
 * document, its keys and its introspection endpoint — trusting the provider's CA bundle when one is
 * set, sending its bearer token file, refusing hosts on private addresses unless allowed, and
 * reading at most {@value #MAX_BYTES} bytes of an answer.
 */
final class ProviderHttp implements ResourceRetriever {
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  static final int MAX_BYTES = 1 << 20;

  private final OAuthProvider provider;
  private HttpClient client;

  ProviderHttp(OAuthProvider provider) {
    this.provider = provider;
  }

  /**
   * Built at the first call: a CA bundle mounted after start-up (or fixed later) is then read when
   * it is needed, and a missing one fails the call, not the server.
   */
  private synchronized HttpClient client() throws IOException {
    if (client == null) {
      HttpClient.Builder builder =
          HttpClient.newBuilder()
              .connectTimeout(TIMEOUT)
              // A redirect could lead to a host the private-address rule never saw.
              .followRedirects(HttpClient.Redirect.NEVER);
      if (provider.caCertPath().isPresent()) {
        builder.sslContext(trusting(provider.caCertPath().get()));
      }
      client = builder.build();
    }
    return client;
  }

  /** An answer: its status, media type and body text. */
  record Answer(int status, String contentType, String body) {}

  Answer get(URI uri) throws IOException {
    HttpRequest.Builder request = request(uri).GET().header("Accept", "application/json");
    bearerToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
    return send(request.build());
  }

  /** An RFC 7662 introspection call: a form POST, with basic credentials when both are given. */
  Answer postForm(URI uri, Map<String, String> form, Optional<String> basicCredentials)
      throws IOException {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder request =
        request(uri)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json");
    basicCredentials.ifPresent(
        credentials ->
            request.header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8))));
    return send(request.build());
  }

  /** For nimbus' key source: the JWKS document, or an {@link IOException} it reports as such. */
  @Override
  public Resource retrieveResource(URL url) throws IOException {
    URI uri;
    try {
      uri = url.toURI();
    } catch (URISyntaxException e) {
      throw new IOException("not a valid URL: " + url, e);
    }
    Answer answer = get(uri);
    if (answer.status() != 200) {
      throw new IOException(uri + " answered HTTP " + answer.status());
    }
    return new Resource(answer.body(), answer.contentType());
  }

  private HttpRequest.Builder request(URI uri) throws IOException {
    refusePrivateHost(uri);
    return HttpRequest.newBuilder(uri).timeout(TIMEOUT);
  }

  private Answer send(HttpRequest request) throws IOException {
    HttpResponse<InputStream> response;
    try {
      response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while calling " + request.uri(), e);
    }
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new IOException(request.uri() + " answered more than " + MAX_BYTES + " bytes");
      }
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse("application/json"),
          new String(bytes, StandardCharsets.UTF_8));
    }
  }

  private Optional<String> bearerToken() throws IOException {
    if (provider.authTokenFile().isEmpty()) {
      return Optional.empty();
    }
    String token = Files.readString(provider.authTokenFile().get()).strip();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  /**
   * Keeps a token check from being turned into a probe of the internal network: the provider's
   * hosts may resolve only to public addresses, or loopback, unless {@code allowPrivateIP}.
   */
  private void refusePrivateHost(URI uri) throws IOException {
    if (provider.allowPrivateIP()) {
      return;
    }
    String host = uri.getHost();
    if (host == null) {
      throw new IOException("no host in " + uri);
    }
    for (InetAddress address : InetAddress.getAllByName(host)) {
      if (isPrivate(address)) {
        throw new IOException(
            host
                + " resolves to the private address "
                + address.getHostAddress()
                + "; set allowPrivateIP: true on provider '"
                + provider.name()
                + "' to allow it");
      }
    }
  }

  static boolean isPrivate(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return false;
    }
    byte[] raw = address.getAddress();
    boolean uniqueLocalV6 = raw.length == 16 && (raw[0] & 0xfe) == 0xfc;
    boolean sharedV4 = raw.length == 4 && (raw[0] & 0xff) == 100 && (raw[1] & 0xc0) == 64;
    return address.isSiteLocalAddress()
        || address.isLinkLocalAddress()
        || address.isAnyLocalAddress()
        || uniqueLocalV6
        || sharedV4;
  }

  private static SSLContext trusting(Path bundle) throws IOException {
    try (InputStream in = Files.newInputStream(bundle)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IOException("caCertPath " + bundle + " holds no certificate");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IOException(
          "caCertPath "
              + bundle
              + " is not a readable PEM certificate bundle: "
              + String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT),
          e);
    }
  }
}
