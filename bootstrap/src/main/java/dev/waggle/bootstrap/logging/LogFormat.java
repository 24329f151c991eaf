package dev.waggle.bootstrap.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;

/**
 * Bootstrap logging: the shape of every log line — the shipped text pattern, or one JSON object per
 * line (logback's own {@link JsonEncoder}: {@code formattedMessage}, with {@code trace_id} and
 * {@code span_id} under {@code mdc}) for a SIEM or log pipeline that parses rather than reads.
 */
public enum LogFormat {
  TEXT,
  JSON;

  /** The environment variable that picks the format: {@code text} (the default) or {@code json}. */
  public static final String VARIABLE = "WAGGLE_LOG_FORMAT";

  /** The format named, in any case; empty for a name that is neither. */
  public static Optional<LogFormat> parse(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "text" -> Optional.of(TEXT);
      case "json" -> Optional.of(JSON);
      default -> Optional.empty();
    };
  }

  /** Makes every console appender of {@code context} (also behind an async one) write this way. */
  public void applyTo(LoggerContext context) {
    if (this == TEXT) {
      // What logback.xml sets up.
      return;
    }
    for (Logger logger : context.getLoggerList()) {
      for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
        toJson(context, it.next());
      }
    }
  }

  private static void toJson(LoggerContext context, Appender<ILoggingEvent> appender) {
    if (appender instanceof AsyncAppenderBase<ILoggingEvent> async) {
      for (Iterator<Appender<ILoggingEvent>> it = async.iteratorForAppenders(); it.hasNext(); ) {
        toJson(context, it.next());
      }
    } else if (appender instanceof OutputStreamAppender<ILoggingEvent> stream
        && !(stream.getEncoder() instanceof JsonEncoder)) {
      JsonEncoder encoder = new JsonEncoder();
      encoder.setContext(context);
      // The message as a person reads it, not its template and arguments apart; and nothing a
      // pipeline has no use for on every line (logback's counters and context).
      encoder.setWithFormattedMessage(true);
      encoder.setWithMessage(false);
      encoder.setWithArguments(false);
      encoder.setWithContext(false);
      encoder.setWithSequenceNumber(false);
      encoder.setWithNanoseconds(false);
      encoder.start();
      stream.stop();
      stream.setEncoder(encoder);
      stream.start();
    }
  }
}
