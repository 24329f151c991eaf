package dev.waggle.adapters.http;

import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.MDC;

/**
 * HTTP adapter helper: puts the current span's {@code trace_id} and {@code span_id} in the logging
 * context while the span is current, so that a log line leads to its trace; closing puts back
 * whatever was there before, for the span that encloses this one.
 */
final class TraceLogFields implements AutoCloseable {
  static final String TRACE_ID = "trace_id";
  static final String SPAN_ID = "span_id";

  private final String previousTrace;
  private final String previousSpan;

  private TraceLogFields(SpanContext context) {
    previousTrace = MDC.get(TRACE_ID);
    previousSpan = MDC.get(SPAN_ID);
    MDC.put(TRACE_ID, context.getTraceId());
    MDC.put(SPAN_ID, context.getSpanId());
  }

  /** The span's ids in the logging context; a span that is not sampled puts nothing. */
  static TraceLogFields of(SpanContext context) {
    return context.isValid() && context.isSampled() ? new TraceLogFields(context) : null;
  }

  @Override
  public void close() {
    restore(TRACE_ID, previousTrace);
    restore(SPAN_ID, previousSpan);
  }

  private static void restore(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
