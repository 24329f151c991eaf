package dev.waggle.adapters.http;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * HTTP adapter helper: one log line per request — method, raw path, status, duration, request id
 * and the subject of the caller's token — at ERROR for server faults, WARN for rejected requests,
 * and otherwise at the listener's level.
 */
final class AccessLog implements RequestLogger {
  private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
  private final String listener;
  private final Level successLevel;

  /**
   * @param listener which listener this is ({@code public} or {@code internal})
   * @param successLevel the level of non-error lines; probes would flood INFO on the internal one
   */
  AccessLog(String listener, Level successLevel) {
    this.listener = listener;
    this.successLevel = successLevel;
  }

  @Override
  public void handle(Context ctx, Float executionTimeMs) {
    log(
        ctx.method().name(),
        ctx.path(),
        ctx.statusCode(),
        Math.round(executionTimeMs == null ? 0f : executionTimeMs),
        RequestIds.of(ctx),
        ctx.ip(),
        Authentication.caller(ctx).flatMap(Identity::subject).orElse("-"));
  }

  /** The same line for an answer Jetty gave itself, before any route saw the request. */
  void log(
      String method, String path, int status, long durationMs, String requestId, String remote) {
    log(method, path, status, durationMs, requestId, remote, "-");
  }

  /**
   * @param subject the {@code sub} of the caller's token, {@code -} when no token was checked
   */
  private void log(
      String method,
      String path,
      int status,
      long durationMs,
      String requestId,
      String remote,
      String subject) {
    // A 503 is Waggle shedding load or waiting out a database outage, which is logged once
    // elsewhere: a warning, not an error per request.
    Level level =
        status >= 500 && status != 503 ? Level.ERROR : status >= 400 ? Level.WARN : successLevel;
    if (!LOG.isEnabledForLevel(level)) {
      return;
    }
    // Written out here rather than as a template with arguments: the same line (and the same
    // formattedMessage in JSON), without a template parsed and an argument array per request.
    String line =
        new StringBuilder(160)
            .append(method)
            .append(' ')
            .append(path)
            .append(' ')
            .append(status)
            .append(' ')
            .append(durationMs)
            .append("ms request_id=")
            .append(requestId)
            .append(" listener=")
            .append(listener)
            .append(" remote_addr=")
            .append(remote)
            .append(" sub=")
            .append(subject)
            .toString();
    switch (level) {
      case ERROR -> LOG.error(line);
      case WARN -> LOG.warn(line);
      case INFO -> LOG.info(line);
      case DEBUG -> LOG.debug(line);
      case TRACE -> LOG.trace(line);
    }
  }
}
