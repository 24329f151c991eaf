package dev.waggle.adapters.http;

import dev.waggle.application.port.in.BrowseCatalog;
import dev.waggle.application.port.in.BrowseExtensions;
import dev.waggle.application.port.in.CheckReadiness;
import dev.waggle.application.port.in.InspectSources;
import dev.waggle.application.port.in.ManageRegistries;
import dev.waggle.application.port.in.ManageSources;
import dev.waggle.application.port.in.PublishEntries;
import dev.waggle.application.port.in.TriggerSync;
import io.javalin.Javalin;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP adapter: Waggle's two HTTP listeners — the public MCP Registry API on {@code --address} and
 * the operational endpoints on {@code --internal-address} — started and stopped together.
 */
public final class HttpApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  /** Well inside Kubernetes' default 30 s termination grace period. */
  static final Duration GRACEFUL_STOP = Duration.ofSeconds(10);

  private final HttpSettings settings;
  private final UseCases useCases;
  private final OpenApiDocument openApi;
  private final Authentication authentication;
  private final Duration gracefulStop;
  private final Optional<ListenerSockets> sockets;
  private final Optional<PrometheusMetrics> metrics;
  private final Optional<Tracer> tracer;
  private Optional<AuditTrail> audit = Optional.empty();
  private Javalin publicServer;
  private Javalin internalServer;
  private boolean started;

  /** The two listeners with nothing around them: no sockets bound before, metrics or traces. */
  HttpApi(HttpSettings settings, UseCases useCases) {
    this(settings, useCases, Optional.empty(), GRACEFUL_STOP, Optional.empty(), Optional.empty());
  }

  /**
   * @param sockets the addresses already bound by {@link ListenerSockets#bind}, served on as they
   *     are; when empty, {@link #start()} binds them itself
   * @param gracefulStop how long {@link #close()} lets requests in flight finish
   * @param metrics where requests are counted and what {@code GET /metrics} serves; empty when
   *     metrics are off
   * @param tracer traces every request of the public listener; empty when tracing is off
   */
  HttpApi(
      HttpSettings settings,
      UseCases useCases,
      Optional<ListenerSockets> sockets,
      Duration gracefulStop,
      Optional<PrometheusMetrics> metrics,
      Optional<Tracer> tracer) {
    this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
    this.useCases = Objects.requireNonNull(useCases, "'useCases' must not be null");
    this.sockets = Objects.requireNonNull(sockets, "'sockets' must not be null");
    this.gracefulStop = Objects.requireNonNull(gracefulStop, "'gracefulStop' must not be null");
    this.metrics = Objects.requireNonNull(metrics, "'metrics' must not be null");
    this.tracer = Objects.requireNonNull(tracer, "'tracer' must not be null");
    // Read now so that a broken build fails at wiring, not on the first request.
    this.openApi = new OpenApiDocument();
    this.authentication = new Authentication(settings.auth(), Clock.systemUTC());
  }

  /**
   * Binds both listeners, the internal one first as ToolHive does; if either cannot bind, neither
   * stays open.
   *
   * @throws IllegalStateException when already started, or naming the flag whose address failed
   */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("the HTTP API was already started; it cannot be reused");
    }
    started = true;
    ListenAddress internalAddress = settings.internalListener();
    ListenAddress publicAddress = settings.publicListener();
    try {
      // Before any listener: a log file that cannot be opened must stop the start.
      audit = AuditTrail.open(settings.audit(), settings.auth().mode());
      internalServer =
          bind(
              JavalinListeners.internalApi(
                  internalAddress,
                  sockets.flatMap(ListenerSockets::internalChannel),
                  useCases.checkReadiness(),
                  settings.buildInfo(),
                  metrics),
              HttpSettings.INTERNAL_ADDRESS_FLAG,
              internalAddress);
      publicServer =
          bind(
              JavalinListeners.publicApi(
                  publicAddress,
                  sockets.flatMap(ListenerSockets::publicChannel),
                  useCases,
                  openApi,
                  authentication,
                  settings.buildInfo(),
                  gracefulStop,
                  settings.maxDatabaseRequests(),
                  metrics,
                  audit,
                  tracer),
              HttpSettings.ADDRESS_FLAG,
              publicAddress);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    LOG.info(
        "HTTP API listening on {}:{} (internal endpoints on {}:{})",
        publicAddress.host(),
        publicServer.port(),
        internalAddress.host(),
        internalServer.port());
  }

  /** The public listener's bound port, which differs from the configured one when that was 0. */
  public synchronized int publicPort() {
    return running(publicServer).port();
  }

  public synchronized int internalPort() {
    return running(internalServer).port();
  }

  /** Stops both listeners; calling it again, or before {@link #start()}, does nothing. */
  @Override
  public synchronized void close() {
    RuntimeException failure = null;
    for (Javalin server : new Javalin[] {publicServer, internalServer}) {
      if (server == null) {
        continue;
      }
      try {
        server.stop();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    publicServer = null;
    internalServer = null;
    // After the listeners: requests still finishing are recorded.
    audit.ifPresent(AuditTrail::close);
    audit = Optional.empty();
    if (failure != null) {
      throw failure;
    }
  }

  /** Same as {@link #close()}. */
  public void stop() {
    close();
  }

  private static Javalin bind(Javalin server, String flag, ListenAddress address) {
    try {
      return server.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          flag + ": cannot listen on " + address + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  /** The use cases behind the admin writes of sources and registries. */
  /**
   * The use cases the listeners serve, in one value so that a new one changes one signature.
   *
   * @param admin the admin writes of sources and registries; without them their routes answer 405
   */
  public record UseCases(
      BrowseCatalog browseCatalog,
      CheckReadiness checkReadiness,
      TriggerSync triggerSync,
      InspectSources inspectSources,
      BrowseExtensions browseExtensions,
      PublishEntries publishEntries,
      Optional<AdminUseCases> admin) {
    public UseCases {
      Objects.requireNonNull(browseCatalog, "'browseCatalog' must not be null");
      Objects.requireNonNull(checkReadiness, "'checkReadiness' must not be null");
      Objects.requireNonNull(triggerSync, "'triggerSync' must not be null");
      Objects.requireNonNull(inspectSources, "'inspectSources' must not be null");
      Objects.requireNonNull(browseExtensions, "'browseExtensions' must not be null");
      Objects.requireNonNull(publishEntries, "'publishEntries' must not be null");
      Objects.requireNonNull(admin, "'admin' must not be null");
    }
  }

  /** The admin writes of sources and registries. */
  public record AdminUseCases(ManageSources sources, ManageRegistries registries) {
    public AdminUseCases {
      Objects.requireNonNull(sources, "'sources' must not be null");
      Objects.requireNonNull(registries, "'registries' must not be null");
    }
  }

  private Javalin running(Javalin server) {
    if (server == null) {
      throw new IllegalStateException("the HTTP API is not running; call start() first");
    }
    return server;
  }
}
