package dev.waggle.adapters.http;

import dev.waggle.application.port.in.BrowseCatalog;
import dev.waggle.application.port.in.CheckReadiness;
import dev.waggle.application.port.in.InspectSources;
import dev.waggle.domain.extension.ExtensionKind;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.opentelemetry.api.trace.Tracer;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.event.Level;

/**
 * HTTP adapter: builds the two Javalin (Jetty 12) servers — the public MCP Registry API and the
 * internal operational endpoints — with their routes, error mapping and Jetty tuning.
 */
final class JavalinListeners {
  /**
   * Jetty's default compliance, plus encoded {@code /} and {@code %} inside a segment: server names
   * travel as {@code namespace%2Fname}, and Javalin decodes a path parameter from the raw path
   * exactly once, so neither can be decoded twice. Dot segments ({@code %2e%2e}), encoded NUL and
   * bad UTF-8 stay rejected.
   */
  static final UriCompliance URI_COMPLIANCE =
      UriCompliance.DEFAULT.with(
          "WAGGLE",
          UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
          UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING);

  static final String REGISTRY_PREFIX = "/registry/{registry}";

  /**
   * The official registry serves the same routes under both; GitHub asks for {@code /v0.1}, and
   * older clients (LangChain4j's among them) still list through {@code /v0}.
   */
  static final List<String> API_VERSIONS = List.of("/v0.1", "/v0");

  static final String SERVERS = "/servers";
  static final String VERSIONS = SERVERS + "/{serverName}/versions";
  static final String VERSION = VERSIONS + "/{version}";

  private static final int IDLE_TIMEOUT_MS = 60_000;

  private JavalinListeners() {}

  /** Thread and connection budget of one listener. */
  record Tuning(
      String name,
      int maxThreads,
      int minThreads,
      int acceptors,
      int selectors,
      Duration gracefulStop) {
    // There are no virtual threads on Java 17, so every in-flight request holds a pool thread
    // while it waits on the database; the public pool is sized for that, the probes need few.
    static Tuning publicListener(Duration gracefulStop) {
      return new Tuning("waggle-http", 64, 8, 1, 2, gracefulStop);
    }

    // Probes answer at once and the listener stops after the public one: nothing to wait for.
    static final Tuning INTERNAL = new Tuning("waggle-http-internal", 8, 2, 1, 1, Duration.ZERO);
  }

  static Javalin publicApi(
      ListenAddress address,
      Optional<ServerSocketChannel> bound,
      HttpApi.UseCases useCases,
      OpenApiDocument openApi,
      Authentication authentication,
      BuildInfo buildInfo,
      Duration gracefulStop,
      int maxDatabaseRequests,
      Optional<PrometheusMetrics> metrics,
      Optional<AuditTrail> audit,
      Optional<Tracer> tracer) {
    BrowseCatalog browseCatalog = useCases.browseCatalog();
    InspectSources inspectSources = useCases.inspectSources();
    BrowseCatalogHandler catalog = new BrowseCatalogHandler(browseCatalog);
    RegistryStatusHandler status = new RegistryStatusHandler(browseCatalog, buildInfo);
    SourcesHandler sources = new SourcesHandler(inspectSources);
    BrowseExtensionsHandler extensions = new BrowseExtensionsHandler(useCases.browseExtensions());
    SourceSyncHandler sourceSync = new SourceSyncHandler(useCases.triggerSync(), sources);
    InFlightLimit database =
        new InFlightLimit(
            maxDatabaseRequests, metrics.<Runnable>map(m -> m::shed).orElse(() -> {}));
    IdentityHandler identity = new IdentityHandler(authentication);
    EntriesHandler entries = new EntriesHandler(useCases.publishEntries());
    WebCatalogHandler webCatalog = new WebCatalogHandler(browseCatalog::defaultRegistry);
    Optional<CatalogAdminHandler> admin =
        useCases
            .admin()
            .map(a -> new CatalogAdminHandler(a.sources(), a.registries(), inspectSources));
    return Javalin.create(
        config -> {
          configure(
              config,
              address,
              bound,
              Tuning.publicListener(gracefulStop),
              new AccessLog("public", Level.INFO),
              true);
          tracer.ifPresent(
              t -> {
                // Outside Javalin, so that the span covers every answer, a 404 and a 500 too.
                config.jetty.modifyServletContextHandler(
                    handler ->
                        handler.addFilter(
                            new FilterHolder(new ServerSpans(t)),
                            "/*",
                            EnumSet.of(DispatcherType.REQUEST)));
                config.requestLogger.http(ServerSpans::noteRoute);
              });
          if (metrics.isPresent()) {
            HttpMetrics http = metrics.get().http();
            // First of the before-hooks, so that a request refused by any later one is counted.
            config.routes.before(http::started);
            // Request loggers run once the answer is known, whatever route or hook gave it.
            config.requestLogger.http(http::finished);
          }
          // Also called once the answer is known: a request that failed is recorded as well.
          audit.ifPresent(trail -> config.requestLogger.http(trail.logger(config.unsafe)));
          config.routes.before(
              ctx -> {
                RequestIds.assign(ctx);
                addSecurityHeaders(ctx);
                if (Cors.isReadMethod(ctx.method().name())) {
                  Cors.addHeaders(ctx);
                }
                if (WebCatalogHandler.isUnder(ctx.path())) {
                  WebCatalogHandler.addHeaders(ctx);
                }
              });
          // After the headers above, so that a 401 carries them too; before every route.
          config.routes.before(authentication::before);
          config.routes.after(authentication::after);
          // Last of the after-hooks: writes a catalog answer once every header is final.
          config.routes.after(CatalogResponses::send);
          for (boolean named : new boolean[] {true, false}) {
            for (String apiVersion : API_VERSIONS) {
              String prefix = (named ? REGISTRY_PREFIX : "") + apiVersion;
              // Catalog reads are served from memory and need no connection: not limited.
              get(config, prefix + SERVERS, ctx -> catalog.listServers(ctx, named));
              get(config, prefix + VERSIONS, ctx -> catalog.listVersions(ctx, named));
              get(config, prefix + VERSION, ctx -> catalog.getVersion(ctx, named));
              get(config, prefix + "/health", ctx -> status.health(ctx, named));
              get(config, prefix + "/ping", ctx -> status.ping(ctx, named));
              get(config, prefix + "/version", ctx -> status.version(ctx, named));
            }
          }
          for (ExtensionKind kind : ExtensionKind.values()) {
            // Skills and plugins are read from the database on every request: limited.
            get(
                config,
                BrowseExtensionsHandler.list(kind),
                database.guard(ctx -> extensions.list(ctx, kind)));
            get(
                config,
                BrowseExtensionsHandler.latest(kind),
                database.guard(ctx -> extensions.latest(ctx, kind)));
            get(
                config,
                BrowseExtensionsHandler.versions(kind),
                database.guard(ctx -> extensions.versions(ctx, kind)));
            get(
                config,
                BrowseExtensionsHandler.version(kind),
                database.guard(ctx -> extensions.version(ctx, kind)));
          }
          config.routes.post(SourceSyncHandler.PATH, database.guard(sourceSync::sync));
          // Status reads ask the database, so they share the on-demand syncs' limit.
          get(config, SourcesHandler.SOURCES, database.guard(sources::list));
          get(config, SourcesHandler.SOURCE, database.guard(sources::get));
          get(config, SourcesHandler.REGISTRIES, database.guard(sources::registries));
          get(config, SourcesHandler.REGISTRY, database.guard(sources::registry));
          admin.ifPresent(
              writes -> {
                config.routes.put(SourcesHandler.SOURCE, database.guard(writes::putSource));
                config.routes.delete(SourcesHandler.SOURCE, database.guard(writes::deleteSource));
                get(
                    config,
                    CatalogAdminHandler.SOURCE_ENTRIES,
                    database.guard(writes::sourceEntries));
                config.routes.put(SourcesHandler.REGISTRY, database.guard(writes::putRegistry));
                config.routes.delete(
                    SourcesHandler.REGISTRY, database.guard(writes::deleteRegistry));
                get(
                    config,
                    CatalogAdminHandler.REGISTRY_ENTRIES,
                    database.guard(writes::registryEntries));
              });
          get(config, IdentityHandler.ME, identity::me);
          // Admin writes are not for browsers on other sites: no CORS preflight routes.
          config.routes.post(EntriesHandler.ENTRIES, database.guard(entries::publish));
          config.routes.delete(EntriesHandler.VERSION, database.guard(entries::delete));
          config.routes.get(EntriesHandler.CLAIMS, database.guard(entries::claims));
          config.routes.put(EntriesHandler.CLAIMS, database.guard(entries::changeClaims));
          if (authentication.settings().mode() == AuthSettings.Mode.OAUTH) {
            get(config, Authentication.METADATA_PATH, identity::protectedResource);
          }
          get(config, "/openapi.yaml", openApi::yaml);
          get(config, "/openapi.json", openApi::json);
          // The web catalog is read by its own page only: no CORS preflight routes.
          config.routes.get(WebCatalogHandler.PAGE, webCatalog::page);
          config.routes.head(WebCatalogHandler.PAGE, webCatalog::page);
          config.routes.get(WebCatalogHandler.ASSET, webCatalog::asset);
          config.routes.head(WebCatalogHandler.ASSET, webCatalog::asset);
          config.routes.get(WebCatalogHandler.SETTINGS, webCatalog::settings);
        });
  }

  static Javalin internalApi(
      ListenAddress address,
      Optional<ServerSocketChannel> bound,
      CheckReadiness checkReadiness,
      BuildInfo buildInfo,
      Optional<PrometheusMetrics> metrics) {
    OperationalHandler operational = new OperationalHandler(checkReadiness, buildInfo);
    return Javalin.create(
        config -> {
          configure(
              config,
              address,
              bound,
              Tuning.INTERNAL,
              new AccessLog("internal", Level.DEBUG),
              false);
          config.routes.before(
              ctx -> {
                RequestIds.assign(ctx);
                addSecurityHeaders(ctx);
              });
          config.routes.get("/health", operational::health);
          config.routes.get("/readiness", operational::readiness);
          config.routes.get("/version", operational::version);
          // ToolHive serves the route only when metrics are on; otherwise it is a 404.
          metrics.ifPresent(m -> config.routes.get("/metrics", m::scrape));
        });
  }

  /** A GET route that browsers may call cross-origin, with its preflight. */
  private static void get(JavalinConfig config, String path, Handler handler) {
    config.routes.get(path, handler);
    // Without its own route Javalin answers HEAD with 200 whether or not the resource exists.
    config.routes.head(path, handler);
    config.routes.options(path, Cors::preflight);
  }

  private static final HttpField NO_SNIFF =
      ResponseHeaders.fixed("X-Content-Type-Options", "nosniff");

  private static void addSecurityHeaders(Context ctx) {
    ResponseHeaders.add(ctx, NO_SNIFF);
  }

  private static void configure(
      JavalinConfig config,
      ListenAddress address,
      Optional<ServerSocketChannel> bound,
      Tuning tuning,
      AccessLog accessLog,
      boolean cors) {
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.startup.startupWatcherEnabled = false;
    config.http.prefer405over404 = true;
    config.http.defaultContentType = JsonBodies.JSON;
    // One limit for every request body, whoever reads it.
    config.http.maxRequestSize = RequestBodies.MAX_BYTES;

    QueuedThreadPool pool = new QueuedThreadPool(tuning.maxThreads(), tuning.minThreads());
    pool.setName(tuning.name());
    config.jetty.threadPool = pool;
    config.jetty.modifyHttpConfiguration(
        http -> {
          http.setUriCompliance(URI_COMPLIANCE);
          http.setSendServerVersion(false);
          http.setSendXPoweredBy(false);
        });
    config.jetty.modifyServer(
        server -> {
          server.setErrorHandler(new ProblemErrorHandler(cors, accessLog));
          // Lets requests in flight finish when the process is told to stop.
          server.setStopTimeout(tuning.gracefulStop().toMillis());
        });
    config.jetty.addConnector(
        (server, http) -> {
          ServerConnector connector =
              new ServerConnector(
                  server, tuning.acceptors(), tuning.selectors(), new HttpConnectionFactory(http));
          connector.setHost(address.host());
          connector.setPort(address.port());
          connector.setIdleTimeout(IDLE_TIMEOUT_MS);
          if (bound.isPresent()) {
            try {
              // The socket bound before start-up: the port was ours all along.
              connector.open(bound.get());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
          return connector;
        });

    config.requestLogger.http(accessLog);
    config.routes.exception(HttpResponseException.class, ProblemResponses::handle);
    config.routes.exception(Exception.class, ProblemResponses::handle);
  }
}
