package dev.waggle.adapters.http;

import dev.waggle.adapters.http.ProblemJson.ProblemDetailJson;
import dev.waggle.application.port.in.ConflictException;
import dev.waggle.application.port.in.EntryNotFoundException;
import dev.waggle.application.port.in.ExtensionNotFoundException;
import dev.waggle.application.port.in.RegistryAccessDeniedException;
import dev.waggle.application.port.in.RegistryNotFoundException;
import dev.waggle.application.port.in.ServerNotFoundException;
import dev.waggle.application.port.in.SourceNotFoundException;
import dev.waggle.application.port.out.StorageUnavailableException;
import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.AccessDeniedException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP adapter helper: maps every failure to one problem+json response — bad input to 400, missing
 * registries, servers and entries to 404, denied registries to 403, publish and other conflicting
 * writes to 409, an unreachable database or a full server to 503 with {@code Retry-After} — and
 * anything else to a 500 that is logged with the request id and tells the caller nothing about the
 * internals.
 */
final class ProblemResponses {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);
  private static final String DOCS_HINT = "See /openapi.yaml for the API.";

  /** Seconds a client should wait when the database is down: about one readiness period. */
  static final int RETRY_AFTER_OUTAGE_SECONDS = 5;

  /** Seconds a client should wait when the server is full: requests in flight end quickly. */
  static final int RETRY_AFTER_OVERLOAD_SECONDS = 1;

  private ProblemResponses() {}

  static void handle(Exception failure, Context ctx) {
    if (failure instanceof InvalidRequestException invalid) {
      write(ctx, ProblemJson.of(400, invalid.getMessage(), invalid.problems()));
    } else if (failure instanceof ValidationException invalid) {
      // Input a use case rejected after the adapter's own checks passed.
      write(
          ctx,
          ProblemJson.of(
              400,
              invalid.getMessage(),
              List.of(
                  new ProblemDetailJson(
                      invalid.field(), invalid.rejectedValue(), invalid.reason()))));
    } else if (failure instanceof RegistryNotFoundException
        || failure instanceof ServerNotFoundException
        || failure instanceof ExtensionNotFoundException
        || failure instanceof SourceNotFoundException
        || failure instanceof EntryNotFoundException) {
      write(ctx, ProblemJson.of(404, failure.getMessage()));
    } else if (failure instanceof RegistryAccessDeniedException
        || failure instanceof AccessDeniedException
        || failure instanceof CrossOriginRefusedException) {
      write(ctx, ProblemJson.of(403, failure.getMessage()));
    } else if (failure instanceof ConflictException) {
      write(ctx, ProblemJson.of(409, failure.getMessage()));
    } else if (failure instanceof StorageUnavailableException) {
      // The storage adapter logs the outage once; a line per request would bury it.
      LOG.debug("Request {} {} found storage unavailable", ctx.method(), ctx.path(), failure);
      ctx.header("Retry-After", Integer.toString(RETRY_AFTER_OUTAGE_SECONDS));
      write(
          ctx,
          ProblemJson.of(
              503,
              "The database is unavailable right now; retry in "
                  + RETRY_AFTER_OUTAGE_SECONDS
                  + " seconds."));
    } else if (failure instanceof InFlightLimit.OverloadedException) {
      ctx.header("Retry-After", Integer.toString(RETRY_AFTER_OVERLOAD_SECONDS));
      write(ctx, ProblemJson.of(503, "The server is busy with other requests; retry in a second."));
    } else if (failure instanceof HttpResponseException javalin) {
      handleRouting(javalin, ctx);
    } else {
      String requestId = RequestIds.of(ctx);
      LOG.error(
          "Request {} {} failed, request_id={}", ctx.method(), ctx.path(), requestId, failure);
      write(
          ctx,
          ProblemJson.of(
              500,
              "The server failed to answer this request; quote request id "
                  + requestId
                  + " when reporting it."));
    }
  }

  /** Javalin's own answers: no route for the path, or not for this method. */
  private static void handleRouting(HttpResponseException routing, Context ctx) {
    if (routing instanceof NotFoundResponse) {
      write(
          ctx,
          ProblemJson.of(404, "No endpoint " + ctx.method() + " " + ctx.path() + ". " + DOCS_HINT));
    } else if (routing instanceof MethodNotAllowedResponse) {
      String allowed =
          routing
              .getDetails()
              .getOrDefault("availableMethods", routing.getDetails().get("Available methods"));
      if (allowed != null) {
        ctx.header("Allow", allowed);
      }
      write(ctx, ProblemJson.of(405, "Method " + ctx.method() + " is not allowed here."));
    } else {
      int status = routing.getStatus();
      if (status >= 500) {
        handle(new IllegalStateException("Javalin answered " + status, routing), ctx);
      } else {
        write(ctx, ProblemJson.of(status, routing.getMessage()));
      }
    }
  }

  static void write(Context ctx, ProblemJson problem) {
    JsonBodies.write(ctx, problem.status(), ProblemJson.CONTENT_TYPE, problem);
  }
}
