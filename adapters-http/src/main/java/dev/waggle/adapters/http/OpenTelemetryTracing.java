package dev.waggle.adapters.http;

import dev.waggle.application.port.out.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Objects;

/**
 * Adapter of {@link Tracing}: the application's spans as OpenTelemetry spans, children of the span
 * current on the thread (a request's server span, or a sync's), with their ids in the log lines
 * written meanwhile.
 */
final class OpenTelemetryTracing implements Tracing {
  private final Tracer tracer;

  OpenTelemetryTracing(Tracer tracer) {
    this.tracer = Objects.requireNonNull(tracer, "'tracer' must not be null");
  }

  @Override
  public Tracing.Span start(String name) {
    io.opentelemetry.api.trace.Span span = tracer.spanBuilder(name).startSpan();
    return new Current(span, span.makeCurrent(), TraceLogFields.of(span.getSpanContext()));
  }

  @Override
  public Runnable carryOver(Runnable task) {
    Context context = Context.current();
    return () -> {
      Scope scope = context.makeCurrent();
      TraceLogFields fields =
          TraceLogFields.of(io.opentelemetry.api.trace.Span.fromContext(context).getSpanContext());
      try {
        task.run();
      } finally {
        if (fields != null) {
          fields.close();
        }
        scope.close();
      }
    };
  }

  /**
   * A started span, current on the thread that started it until closed there. (OpenTelemetry's
   * {@code Span} is spelled out: the port's own {@code Span} takes the short name here.)
   */
  private record Current(io.opentelemetry.api.trace.Span span, Scope scope, TraceLogFields fields)
      implements Tracing.Span {
    @Override
    public Tracing.Span set(String key, String value) {
      span.setAttribute(AttributeKey.stringKey(key), value);
      return this;
    }

    @Override
    public Tracing.Span set(String key, long value) {
      span.setAttribute(AttributeKey.longKey(key), value);
      return this;
    }

    @Override
    public Tracing.Span set(String key, boolean value) {
      span.setAttribute(AttributeKey.booleanKey(key), value);
      return this;
    }

    @Override
    public Tracing.Span set(String key, double value) {
      span.setAttribute(AttributeKey.doubleKey(key), value);
      return this;
    }

    @Override
    public void failed(String reason, Throwable cause) {
      if (cause != null) {
        span.recordException(cause);
      }
      span.setStatus(StatusCode.ERROR, reason);
    }

    @Override
    public void close() {
      if (fields != null) {
        fields.close();
      }
      scope.close();
      span.end();
    }
  }
}
