package dev.waggle.adapters.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Test fixture: the access log's lines, DEBUG included, for as long as it is open. */
final class AccessLogCapture implements AutoCloseable {
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.class);
  private final Level configuredLevel;

  AccessLogCapture() {
    lines.start();
    logger.addAppender(lines);
    configuredLevel = logger.getLevel();
    // DEBUG lines must reach the appender for tests to see where probes are logged.
    logger.setLevel(Level.DEBUG);
  }

  /** The lines logged for the request with {@code requestId}. */
  List<ILoggingEvent> linesOf(String requestId) {
    synchronized (lines) {
      return List.copyOf(lines.list).stream()
          .filter(e -> e.getFormattedMessage().contains("request_id=" + requestId + " "))
          .toList();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(lines);
    logger.setLevel(configuredLevel);
  }
}
