package dev.waggle.adapters.http;

import dev.waggle.application.port.in.BrowseCatalog;
import dev.waggle.application.port.in.InspectSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Test harness: the real {@link HttpApi} on free loopback ports in front of real catalog and source
 * use cases, so that what a caller sees is decided by the application, not by a fake.
 */
final class ServedApi implements AutoCloseable {
  final FakeTriggerSync sync = new FakeTriggerSync();
  final HttpApi api;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ServedApi(AuthSettings auth, BrowseCatalog catalog, InspectSources sources) {
    BuildInfo build = new BuildInfo("1.2.3", "abc1234", "2026-11-22");
    // Every source the tests sync exists in the fake too, so that a sync may start.
    sync.answer("platform-tools", dev.waggle.application.port.in.SyncOutcome.Result.UPDATED, "ok");
    api =
        new HttpApi(
            new HttpSettings(
                "localhost:0",
                "127.0.0.1:0",
                build,
                HttpSettings.DEFAULT_MAX_DATABASE_REQUESTS,
                auth),
            new HttpApi.UseCases(
                catalog,
                new FakeCheckReadiness(),
                sync,
                sources,
                new FakeBrowseExtensions(),
                PublishEntriesUnavailable.INSTANCE,
                Optional.empty()),
            Optional.empty(),
            Duration.ZERO,
            Optional.empty(),
            Optional.empty());
    api.start();
  }

  HttpResponse<String> get(String rawPath) {
    return send(HttpRequest.newBuilder(publicUri(rawPath)).GET());
  }

  HttpResponse<String> get(String rawPath, String token) {
    return send(
        HttpRequest.newBuilder(publicUri(rawPath))
            .GET()
            .header("Authorization", "Bearer " + token));
  }

  URI publicUri(String rawPath) {
    return URI.create("http://127.0.0.1:" + api.publicPort() + rawPath);
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(
          request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    api.close();
  }
}
