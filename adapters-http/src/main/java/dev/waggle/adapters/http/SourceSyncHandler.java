package dev.waggle.adapters.http;

import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.domain.ValidationException;
import dev.waggle.domain.source.SourceName;
import io.javalin.http.Context;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP adapter: {@code POST /v1/sources/{name}/sync}, the on-demand sync ToolHive users asked for
 * (and the MCPRegistry operator's manual-sync annotation calls): syncs one source now and answers
 * with what the sync did.
 */
final class SourceSyncHandler {
  static final String PATH = "/v1/sources/{name}/sync";
  private static final Logger LOG = LoggerFactory.getLogger(SourceSyncHandler.class);

  /** How {@code SyncService} begins the message of each failing step. */
  private static final List<String> FAILED_STEPS =
      List.of("Fetch failed", "Validation failed", "Storage failed");

  private final TriggerSync triggerSync;

  SourceSyncHandler(TriggerSync triggerSync) {
    this.triggerSync = Objects.requireNonNull(triggerSync, "'triggerSync' must not be null");
  }

  void sync(Context ctx) {
    refuseCrossOrigin(ctx);
    String raw = ctx.pathParam("name");
    SourceName source;
    try {
      source = SourceName.of(raw);
    } catch (ValidationException e) {
      throw new InvalidRequestException(
          List.of(new ProblemJson.ProblemDetailJson("path.name", raw, e.reason())));
    }
    SyncOutcome outcome = triggerSync.syncNow(source);
    switch (outcome.result()) {
      case UPDATED, UNCHANGED -> JsonBodies.write(ctx, 200, SyncOutcomeJson.fromDomain(outcome));
      // Another replica or the scheduler holds the source's lease; asking again later works.
      case SKIPPED ->
          ProblemResponses.write(
              ctx, ProblemJson.of(409, "source " + source + ": " + outcome.message()));
      // The source could not be read or stored: a fault upstream of this server, worth a retry.
      case FAILED -> {
        // The cause names files, hosts and paths of this deployment: operators read it in the
        // log, an anonymous caller only learns which step failed.
        String requestId = RequestIds.of(ctx);
        LOG.warn(
            "On-demand sync of source {} failed, request_id={}: {}",
            source,
            requestId,
            outcome.message());
        ProblemResponses.write(
            ctx,
            ProblemJson.of(
                502,
                "source "
                    + source
                    + ": "
                    + failedStep(outcome.message())
                    + "; the last good data stays served. The server log has the cause under"
                    + " request id "
                    + requestId
                    + "."));
      }
      default -> throw new IllegalStateException("unknown sync result " + outcome.result());
    }
  }

  /**
   * Refuses a request a browser sent from another site's page: a plain-text POST needs no
   * preflight, so without this any page could make its visitors trigger syncs. Clients that are not
   * browsers (the operator, curl) send no {@code Origin}.
   */
  private static void refuseCrossOrigin(Context ctx) {
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

  /** The step that failed, in words that name no file, host or path. */
  private static String failedStep(String message) {
    for (String step : FAILED_STEPS) {
      if (message != null && message.startsWith(step + ":")) {
        return step.toLowerCase(Locale.ROOT);
      }
    }
    return "sync failed";
  }

  /** HTTP adapter DTO: the answer to an on-demand sync. */
  record SyncOutcomeJson(
      String source, String result, int serverCount, int rejectedCount, String message) {
    static SyncOutcomeJson fromDomain(SyncOutcome outcome) {
      return new SyncOutcomeJson(
          outcome.source().value(),
          outcome.result().name().toLowerCase(Locale.ROOT),
          outcome.serverCount(),
          outcome.rejectedCount(),
          outcome.message());
    }
  }
}
