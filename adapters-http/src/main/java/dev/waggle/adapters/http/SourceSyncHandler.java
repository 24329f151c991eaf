package dev.waggle.adapters.http;

import dev.waggle.application.port.in.SyncRequest;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.domain.source.SourceName;
import io.javalin.http.Context;
import java.net.URI;
import java.util.Objects;

/**
 * HTTP adapter: {@code POST /v1/sources/{name}/sync}, the on-demand sync ToolHive users asked for
 * (and the MCPRegistry operator's manual-sync annotation calls): starts a sync of one source in the
 * background and answers {@code 202 Accepted} at once, with the source's status and where to follow
 * it ({@code Location: /v1/sources/{name}}). A request while a sync of the source runs joins that
 * sync.
 */
final class SourceSyncHandler {
  static final String PATH = "/v1/sources/{name}/sync";

  private final TriggerSync triggerSync;
  private final SourcesHandler sources;

  SourceSyncHandler(TriggerSync triggerSync, SourcesHandler sources) {
    this.triggerSync = Objects.requireNonNull(triggerSync, "'triggerSync' must not be null");
    this.sources = Objects.requireNonNull(sources, "'sources' must not be null");
  }

  void sync(Context ctx) {
    refuseCrossOrigin(ctx);
    SourceName source = SourcesHandler.name(ctx, SourceName::of);
    // The role first (403), then the source's claims (404): a sync of what the caller cannot see
    // is one of a source that does not exist for it.
    sources.status(source, Authentication.domainCaller(ctx));
    SyncRequest request = triggerSync.requestSync(source);
    ctx.header("Location", SourcesHandler.location(source));
    ctx.header("X-Waggle-Sync", request.started() ? "started" : "running");
    SourcesHandler.noStore(ctx);
    JsonBodies.write(ctx, 202, sources.status(source));
  }

  /**
   * Refuses a request a browser sent from another site's page: a plain-text POST needs no
   * preflight, so without this any page could make its visitors trigger syncs. Clients that are not
   * browsers (the operator, curl) send no {@code Origin}.
   */
  static void refuseCrossOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null) {
      return;
    }
    String host = ctx.header("Host");
    String authority;
    try {
      authority = URI.create(origin).getRawAuthority();
    } catch (IllegalArgumentException e) {
      authority = null;
    }
    if (host == null || authority == null || !authority.equalsIgnoreCase(host)) {
      throw new CrossOriginRefusedException();
    }
  }
}
