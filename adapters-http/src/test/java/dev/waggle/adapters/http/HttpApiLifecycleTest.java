package dev.waggle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.waggle.application.port.in.BrowseCatalog;
import dev.waggle.application.port.in.BrowseExtensions;
import dev.waggle.application.port.in.CatalogAnswer;
import dev.waggle.application.port.in.CheckReadiness;
import dev.waggle.application.port.in.InspectSources;
import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.application.port.in.ManageRegistries;
import dev.waggle.application.port.in.ManageSources;
import dev.waggle.application.port.in.PublishEntries;
import dev.waggle.application.port.in.ServedVersion;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.application.service.CatalogAdminService;
import dev.waggle.application.testing.InMemoryStorage;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.paging.Page;
import dev.waggle.domain.registry.RegistryName;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HttpApiLifecycleTest {
  static final BuildInfo BUILD = new BuildInfo("1.0.0", "abc", "2026-11-22");

  @Test
  void givenTheGuiceModule_whenStarted_thenBothListenersServeOnTheirOwnPorts() throws Exception {
    Injector injector =
        Guice.createInjector(
            new HttpApiModule(new HttpSettings("127.0.0.1:0", "127.0.0.1:0", BUILD)),
            new AbstractModule() {
              @Override
              protected void configure() {
                bind(BrowseCatalog.class)
                    .toInstance(new FakeBrowseCatalog().with(FakeBrowseCatalog.DEFAULT));
                bind(CheckReadiness.class).toInstance(new FakeCheckReadiness());
                FakeTriggerSync sync = new FakeTriggerSync();
                bind(TriggerSync.class).toInstance(sync);
                bind(InspectSources.class).toInstance(sync);
                bind(BrowseExtensions.class).toInstance(new FakeBrowseExtensions());
                InMemoryStorage storage = new InMemoryStorage();
                CatalogAdminService admin =
                    new CatalogAdminService(
                        storage, storage, sync, document -> Optional.empty(), Clock.systemUTC());
                bind(ManageSources.class).toInstance(admin);
                bind(ManageRegistries.class).toInstance(admin);
                bind(PublishEntries.class).toInstance(new FakePublishEntries());
              }
            });
    HttpApi api = injector.getInstance(HttpApi.class);
    assertThat(injector.getInstance(HttpApi.class)).isSameAs(api);

    try (api) {
      api.start();

      assertThat(api.publicPort()).isPositive().isNotEqualTo(api.internalPort());
      assertThat(status(api.publicPort(), "/v0.1/servers")).isEqualTo(200);
      assertThat(status(api.internalPort(), "/health")).isEqualTo(200);
      assertThatThrownBy(api::start).isInstanceOf(IllegalStateException.class);
    }
    assertThatThrownBy(api::publicPort).hasMessageContaining("not running");
    api.stop();
  }

  @Test
  void givenPublicPortTaken_whenStarting_thenTheErrorNamesTheFlagAndNothingStaysOpen()
      throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      HttpApi api =
          new HttpApi(
              new HttpSettings("127.0.0.1:" + taken.getLocalPort(), "127.0.0.1:0", BUILD),
              useCases(new FakeBrowseCatalog()));

      assertThatThrownBy(api::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("--address: cannot listen on 127.0.0.1:" + taken.getLocalPort());
      assertThatThrownBy(api::internalPort).hasMessageContaining("not running");
    }
  }

  @Test
  void givenRequestInFlight_whenStopping_thenItIsAnsweredBeforeTheListenerCloses()
      throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FakeBrowseCatalog catalog = new FakeBrowseCatalog().with(FakeBrowseCatalog.DEFAULT);
    BrowseCatalog slow =
        new BrowseCatalog() {
          @Override
          public RegistryName defaultRegistry() {
            return catalog.defaultRegistry();
          }

          @Override
          public OptionalLong generation(RegistryName registry) {
            return catalog.generation(registry);
          }

          @Override
          public boolean servesRegistry(RegistryName registry) {
            return catalog.servesRegistry(registry);
          }

          @Override
          public CatalogAnswer<Page<ServedVersion>> listServers(ListServersQuery query) {
            entered.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return catalog.listServers(query);
          }

          @Override
          public CatalogAnswer<List<ServedVersion>> listVersions(
              RegistryName registry, ServerName name, boolean includeDeleted, Caller caller) {
            return catalog.listVersions(registry, name, includeDeleted, caller);
          }

          @Override
          public CatalogAnswer<ServedVersion> getVersion(
              RegistryName registry,
              ServerName name,
              VersionSelector version,
              boolean includeDeleted,
              Caller caller) {
            return catalog.getVersion(registry, name, version, includeDeleted, caller);
          }
        };
    HttpApi api =
        new HttpApi(
            new HttpSettings("127.0.0.1:0", "127.0.0.1:0", BUILD),
            useCases(slow),
            Optional.empty(),
            Duration.ofSeconds(5),
            Optional.empty(),
            Optional.empty());
    api.start();
    CompletableFuture<HttpResponse<String>> inFlight =
        HttpClient.newHttpClient()
            .sendAsync(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + api.publicPort() + "/v0.1/servers"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> stopping = CompletableFuture.runAsync(api::close);
    Thread.sleep(300);
    assertThat(stopping).isNotDone();
    release.countDown();

    assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    stopping.get(10, TimeUnit.SECONDS);
  }

  private static int status(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static HttpApi.UseCases useCases(BrowseCatalog catalog) {
    FakeTriggerSync sync = new FakeTriggerSync();
    return new HttpApi.UseCases(
        catalog,
        new FakeCheckReadiness(),
        sync,
        sync,
        new FakeBrowseExtensions(),
        PublishEntriesUnavailable.INSTANCE,
        Optional.empty());
  }
}
