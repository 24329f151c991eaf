package dev.waggle.bootstrap.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Map;

/**
 * Bootstrap logging: {@code trace_id=… span_id=… } before the message of a line written while a
 * traced span was current, and nothing otherwise, so that a log line leads to its trace without
 * widening every other line.
 */
public final class TraceIdsConverter extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    String trace = mdc.get("trace_id");
    String span = mdc.get("span_id");
    if (trace == null || span == null) {
      return "";
    }
    // Both are hex written by the tracer itself, yet escaped like everything else on the line.
    return "trace_id=" + LogText.escape(trace) + " span_id=" + LogText.escape(span) + " ";
  }
}
