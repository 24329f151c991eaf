package dev.waggle.adapters.http;

import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.domain.ValidationException;
import dev.waggle.domain.source.SourceName;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * HTTP adapter: {@code POST /v1/sources/{name}/sync}, the on-demand sync ToolHive users asked for
 * (and the MCPRegistry operator's manual-sync annotation calls): syncs one source now and answers
 * with what the sync did.
 */
final class SourceSyncHandler {
  static final String PATH = "/v1/sources/{name}/sync";

  private final TriggerSync triggerSync;

  SourceSyncHandler(TriggerSync triggerSync) {
    this.triggerSync = Objects.requireNonNull(triggerSync, "'triggerSync' must not be null");
  }

  void sync(Context ctx) {
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
      case FAILED ->
          ProblemResponses.write(
              ctx, ProblemJson.of(502, "source " + source + ": " + outcome.message()));
      default -> throw new IllegalStateException("unknown sync result " + outcome.result());
    }
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
