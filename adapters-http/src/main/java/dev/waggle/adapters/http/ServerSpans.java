package dev.waggle.adapters.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * HTTP adapter: one server span per request of the public listener, as ToolHive's — named {@code
 * METHOD route} after the matched route pattern (never the raw path, which would make every server
 * name a span name), child of the caller's W3C {@code traceparent} when it sends one, and current
 * while the request runs so that what it calls nests under it.
 */
final class ServerSpans implements Filter {
  /** The request attribute the route pattern is left in once Javalin has matched one. */
  private static final String ROUTE = "waggle.tracing.route";

  static final int USER_AGENT_LIMIT = 256;

  private static final TextMapGetter<HttpServletRequest> HEADERS =
      (request, key) -> request == null ? null : request.getHeader(key);

  private final Tracer tracer;

  ServerSpans(Tracer tracer) {
    this.tracer = tracer;
  }

  /** A request logger: notes the matched route, which the span is named after when it ends. */
  static void noteRoute(Context ctx, Float executionTimeMs) {
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    if (endpoint != null) {
      ctx.attribute(ROUTE, endpoint.path);
    }
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    String method = HttpMetrics.method(request.getMethod());
    io.opentelemetry.context.Context parent =
        W3CTraceContextPropagator.getInstance()
            .extract(io.opentelemetry.context.Context.root(), request, HEADERS);
    Span span =
        tracer
            .spanBuilder(method)
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute("http.request.method", method)
            .setAttribute("url.path", request.getRequestURI())
            .setAttribute("url.scheme", request.getScheme())
            .startSpan();
    String userAgent = request.getHeader("User-Agent");
    if (userAgent != null) {
      span.setAttribute(
          "user_agent.original",
          userAgent.length() > USER_AGENT_LIMIT
              ? userAgent.substring(0, USER_AGENT_LIMIT)
              : userAgent);
    }
    Scope scope = span.makeCurrent();
    TraceLogFields fields = TraceLogFields.of(span.getSpanContext());
    try {
      chain.doFilter(req, res);
    } catch (IOException | ServletException | RuntimeException e) {
      span.recordException(e);
      throw e;
    } finally {
      if (fields != null) {
        fields.close();
      }
      scope.close();
      Object matched = request.getAttribute(ROUTE);
      String route = matched == null ? HttpMetrics.UNKNOWN_ROUTE : matched.toString();
      int status = ((HttpServletResponse) res).getStatus();
      span.updateName(method + " " + route);
      span.setAttribute("http.route", route);
      span.setAttribute("http.response.status_code", status);
      // As ToolHive: a 4xx is the client's doing, so it leaves the status unset.
      if (status >= 500) {
        span.setStatus(StatusCode.ERROR);
      } else if (status < 400) {
        span.setStatus(StatusCode.OK);
      }
      span.end();
    }
  }
}
