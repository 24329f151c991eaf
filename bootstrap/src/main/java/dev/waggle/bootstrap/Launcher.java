package dev.waggle.bootstrap;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import dev.waggle.adapters.http.BuildInfo;
import dev.waggle.adapters.http.HttpApi;
import dev.waggle.adapters.http.HttpApiModule;
import dev.waggle.adapters.http.HttpSettings;
import dev.waggle.adapters.http.ListenerSockets;
import dev.waggle.adapters.http.Telemetry;
import dev.waggle.adapters.k8s.KubernetesModule;
import dev.waggle.adapters.k8s.source.KubernetesSourceSettings;
import dev.waggle.adapters.k8s.source.KubernetesSources;
import dev.waggle.adapters.postgres.PostgresMigrator;
import dev.waggle.adapters.postgres.PostgresSettings;
import dev.waggle.adapters.postgres.PostgresStorage;
import dev.waggle.adapters.postgres.PostgresStorageModule;
import dev.waggle.adapters.sources.FileSourceWatcher;
import dev.waggle.adapters.sources.SourceReaderSettings;
import dev.waggle.adapters.sources.SourceReadersModule;
import dev.waggle.application.port.in.ApplyConfiguration;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.application.port.out.SelfRecovery;
import dev.waggle.application.service.ServedCatalogs;
import dev.waggle.application.service.SyncScheduler;
import dev.waggle.bootstrap.config.WaggleConfig;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bootstrap: the assembled Waggle — database, schema, wiring, configuration, sync, HTTP — started
 * in that order and stopped in reverse. {@code serve} and the end-to-end tests both run it.
 */
public final class Launcher implements AutoCloseable {
  /** How often the scheduler asks for due syncs; each source keeps its own interval. */
  public static final Duration DEFAULT_SYNC_TICK = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

  /**
   * How to run: listener addresses as {@code [host]:port} ({@code :0} picks a free port), where
   * Waggle keeps its files, and the scheduler's tick.
   */
  public record Options(
      String address,
      String internalAddress,
      Path waggleHome,
      Duration syncTick,
      BuildMetadata build) {
    public Options {
      Objects.requireNonNull(address, "'address' must not be null");
      Objects.requireNonNull(internalAddress, "'internalAddress' must not be null");
      waggleHome =
          Objects.requireNonNull(waggleHome, "'waggleHome' must not be null").toAbsolutePath();
      Objects.requireNonNull(syncTick, "'syncTick' must not be null");
      Objects.requireNonNull(build, "'build' must not be null");
    }

    /** The HTTP adapter's settings; checks both addresses, naming the flag of a bad one. */
    public HttpSettings httpSettings() {
      return new HttpSettings(
          address,
          internalAddress,
          new BuildInfo(build.version(), build.commit(), build.buildDate()));
    }
  }

  private final Deque<Step> running;
  private final HttpApi http;
  private final Options options;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private boolean closed;
  private volatile String failure;

  private Launcher(Deque<Step> running, HttpApi http, Options options) {
    this.running = running;
    this.http = http;
    this.options = options;
  }

  /**
   * Starts everything, or nothing: on any failure what was already started is stopped again.
   *
   * @throws LaunchException saying which step failed and why
   */
  public static Launcher start(WaggleConfig config, Options options) {
    return start(config, options, () -> new KubernetesClientBuilder().build());
  }

  /**
   * Starts everything, with {@code kubernetesClients} making the client of the kubernetes sources
   * (called only when the configuration has one).
   */
  public static Launcher start(
      WaggleConfig config, Options options, Supplier<KubernetesClient> kubernetesClients) {
    Objects.requireNonNull(config, "'config' must not be null");
    Objects.requireNonNull(options, "'options' must not be null");
    LogLevels.routeJavaUtilLogging();
    HttpSettings httpSettings = options.httpSettings();
    Deque<Step> running = new ArrayDeque<>();
    // Completed with the reason when a part Waggle runs itself fails for good.
    CompletableFuture<String> fatal = new CompletableFuture<>();
    String step = "listen on the HTTP addresses";
    try {
      // First: a busy port must fail in a moment, not after the database has started.
      ListenerSockets sockets = ListenerSockets.bind(httpSettings);
      running.push(new Step("listen sockets", sockets::close));

      step = "start the database";
      long started = System.nanoTime();
      PostgresSettings storage;
      SelfRecovery selfRecovery;
      if (config.database().isPresent()) {
        LOG.info("Using PostgreSQL: {}", config.database().get());
        storage = StorageSettings.from(config.database().get());
        selfRecovery = SelfRecovery.ALWAYS;
      } else {
        EmbeddedDatabase embedded =
            EmbeddedDatabase.start(
                WaggleHome.embeddedDataDirectory(options.waggleHome()), fatal::complete);
        running.push(new Step("embedded PostgreSQL", embedded::close));
        storage = embedded.settings();
        selfRecovery = embedded;
        LOG.info("Embedded PostgreSQL ready in {}", since(started));
      }

      step = "migrate the database schema";
      new PostgresMigrator(storage).migrate();

      step = "connect to the database";
      Injector injector =
          Guice.createInjector(
              Stage.PRODUCTION,
              new PostgresStorageModule(storage, config.retention().deletedVersions()),
              new SourceReadersModule(SourceReaderSettings.under(options.waggleHome())),
              new HttpApiModule(
                  httpSettings
                      .withDatabasePool(storage.maxPoolSize())
                      .withAuth(config.auth().http())
                      .withMetrics(config.telemetry().metricsServed())
                      .withAudit(config.audit()),
                  Optional.of(sockets),
                  config.telemetry().http(options.build().version())),
              new KubernetesModule(
                  config.layout().sources(),
                  KubernetesSourceSettings.fromEnvironment(System.getenv()),
                  kubernetesClients),
              new ApplicationModule(
                  config.layout().defaultRegistry(), options.syncTick(), Clock.systemUTC()),
              binder -> binder.bind(SelfRecovery.class).toInstance(selfRecovery));
      PostgresStorage pool = injector.getInstance(PostgresStorage.class);
      running.push(new Step("connection pool", pool::close));
      // Stopped after everything that reports to it, so that the last spans and metrics go out,
      // and before the pool, whose meters leave with it.
      Telemetry telemetry = injector.getInstance(Telemetry.class);
      running.push(new Step("telemetry", telemetry::close));

      step = "apply the configuration to the database";
      injector.getInstance(ApplyConfiguration.class).apply(config.layout());
      LOG.info(
          "Configuration applied: {} source(s), {} registr{}; default registry '{}'",
          config.layout().sources().size(),
          config.layout().registries().size(),
          config.layout().registries().size() == 1 ? "y" : "ies",
          config.layout().defaultRegistry());

      step = "load the served catalogs";
      // Before anything serves or syncs: requests are answered from these snapshots, and syncs
      // from here on refresh them.
      ServedCatalogs catalogs = injector.getInstance(ServedCatalogs.class);
      catalogs.start();
      running.push(new Step("served catalogs", catalogs::close));

      step = "start the kubernetes sources";
      // After the configuration is applied: each watcher asks to sync a source that must exist.
      KubernetesSources kubernetes = injector.getInstance(KubernetesSources.class);
      running.push(new Step("kubernetes sources", kubernetes::close));
      kubernetes.start();

      step = "start the sync scheduler";
      SyncScheduler scheduler = injector.getInstance(SyncScheduler.class);
      scheduler.start();
      running.push(new Step("sync scheduler", scheduler::close));

      step = "watch the file sources";
      watchFiles(config, injector.getInstance(TriggerSync.class), running);

      step = "start the HTTP listeners";
      HttpApi http = injector.getInstance(HttpApi.class);
      http.start();
      running.push(new Step("HTTP listeners", http::close));

      Launcher launcher = new Launcher(running, http, options);
      launcher.logUrls(config);
      // Serving on without a database that cannot come back helps nobody: stop, and let the
      // exit code tell the supervisor to start Waggle again.
      fatal.thenAccept(
          reason -> new Thread(() -> launcher.fail(reason), "waggle-fatal-stop").start());
      return launcher;
    } catch (RuntimeException e) {
      stopAll(running);
      throw new LaunchException("cannot " + step + ": " + rootMessage(e), e);
    }
  }

  public int publicPort() {
    return http.publicPort();
  }

  public int internalPort() {
    return http.internalPort();
  }

  /** The public API's base URL, e.g. {@code http://localhost:8080}. */
  public URI publicUrl() {
    return url(options.address(), publicPort());
  }

  /**
   * The internal listener's base URL ({@code /health}, {@code /readiness}, {@code /version}, {@code
   * /metrics}).
   */
  public URI internalUrl() {
    return url(options.internalAddress(), internalPort());
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /** Why Waggle stopped by itself, when it did: a part it runs failed and could not recover. */
  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  private void fail(String reason) {
    failure = reason;
    LOG.error("Stopping Waggle: {}", reason);
    close();
  }

  /** Stops HTTP, the scheduler, the pool and the embedded database, in that order. */
  @Override
  public void close() {
    stopUnlessStopping();
  }

  /**
   * Stops as {@link #close()} does, unless a stop is already under way.
   *
   * @return true when this call did the stopping; false when Waggle had already begun to stop by
   *     itself, in which case whoever began decides how the process ends
   */
  boolean stopUnlessStopping() {
    synchronized (this) {
      if (closed) {
        return false;
      }
      closed = true;
    }
    LOG.info("Stopping Waggle");
    stopAll(running);
    LOG.info("Waggle stopped");
    stopped.countDown();
    return true;
  }

  private void logUrls(WaggleConfig config) {
    URI publicUrl = publicUrl();
    LOG.info(
        "Waggle {} is serving the MCP Registry API on {}/registry/{}/v0.1/servers (also at"
            + " {}/v0.1/servers)",
        options.build().version(),
        publicUrl,
        config.layout().defaultRegistry(),
        publicUrl);
    LOG.info("Health, readiness and version on {}/health, /readiness, /version", internalUrl());
  }

  private static URI url(String address, int port) {
    String host = address.substring(0, Math.max(address.lastIndexOf(':'), 0));
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
      host = "localhost";
    }
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
  }

  /** File sources without a schedule sync when their file changes. */
  private static void watchFiles(WaggleConfig config, TriggerSync sync, Deque<Step> running) {
    Map<SourceName, Path> files = new LinkedHashMap<>();
    for (SourceDefinition source : config.layout().sources()) {
      if (config.watchedFiles().contains(source.name())
          && source.kind() instanceof SourceKind.File file
          && file.path().isPresent()) {
        files.put(source.name(), file.path().get());
      }
    }
    if (!files.isEmpty()) {
      FileSourceWatcher watcher = new FileSourceWatcher(sync, files);
      watcher.start();
      running.push(new Step("file watcher", watcher::close));
    }
  }

  private static String since(long startNanos) {
    return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1_000_000_000.0);
  }

  private static void stopAll(Deque<Step> running) {
    while (!running.isEmpty()) {
      Step step = running.pop();
      try {
        step.stop().run();
      } catch (RuntimeException e) {
        LOG.warn("Stopping the {} failed: {}", step.name(), rootMessage(e), e);
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof CreationException || cause instanceof ProvisionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof CreationException creation && !creation.getErrorMessages().isEmpty()) {
      Throwable inner = creation.getErrorMessages().iterator().next().getCause();
      if (inner != null) {
        cause = inner;
      }
    }
    if (cause instanceof ProvisionException provision && !provision.getErrorMessages().isEmpty()) {
      Throwable inner = provision.getErrorMessages().iterator().next().getCause();
      if (inner != null) {
        cause = inner;
      }
    }
    return Objects.toString(cause.getMessage(), cause.getClass().getSimpleName());
  }

  /** One started part and how to stop it. */
  private record Step(String name, Runnable stop) {}

  /** Thrown when Waggle cannot start; the message names the step that failed. */
  public static final class LaunchException extends RuntimeException {
    LaunchException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
