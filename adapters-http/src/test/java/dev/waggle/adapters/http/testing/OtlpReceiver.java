package dev.waggle.adapters.http.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * Test fixture: an OpenTelemetry collector in miniature — a JDK HTTP server that takes OTLP/HTTP
 * protobuf posts at {@code /v1/traces} and {@code /v1/metrics}, decodes them with the protocol's
 * own classes, and keeps what arrived for a test to look at.
 */
public final class OtlpReceiver implements AutoCloseable {
  private static final String PROTOBUF = "application/x-protobuf";

  private final HttpServer server;
  private final List<ExportTraceServiceRequest> traces = new CopyOnWriteArrayList<>();
  private final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  /** Listens on a free port of the loopback address. */
  public static OtlpReceiver start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    OtlpReceiver receiver = new OtlpReceiver(server);
    server.createContext(
        "/v1/traces",
        exchange -> {
          receiver.traces.add(ExportTraceServiceRequest.parseFrom(body(exchange)));
          answer(exchange, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
        });
    server.createContext(
        "/v1/metrics",
        exchange -> {
          receiver.metrics.add(ExportMetricsServiceRequest.parseFrom(body(exchange)));
          answer(exchange, ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
        });
    server.start();
    return receiver;
  }

  /** {@code host:port}, as {@code telemetry.endpoint} takes it. */
  public String endpoint() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every span received so far, from every batch. */
  public List<Span> spans() {
    return traces.stream()
        .flatMap(r -> r.getResourceSpansList().stream())
        .flatMap(r -> r.getScopeSpansList().stream())
        .flatMap(s -> s.getSpansList().stream())
        .toList();
  }

  /** The resource attributes the spans were sent with, as text. */
  public Map<String, String> traceResource() {
    return traces.stream()
        .flatMap(r -> r.getResourceSpansList().stream())
        .findFirst()
        .map(r -> text(r.getResource().getAttributesList()))
        .orElse(Map.of());
  }

  /** Every metric received so far, from every push. */
  public List<Metric> metrics() {
    return metrics.stream()
        .flatMap(r -> r.getResourceMetricsList().stream())
        .flatMap(r -> r.getScopeMetricsList().stream())
        .flatMap(s -> s.getMetricsList().stream())
        .toList();
  }

  /** The resource attributes the metrics were pushed with, as text. */
  public Map<String, String> metricResource() {
    return metrics.stream()
        .flatMap(r -> r.getResourceMetricsList().stream())
        .findFirst()
        .map(r -> text(r.getResource().getAttributesList()))
        .orElse(Map.of());
  }

  /** A span's (or any) attributes, each value as text. */
  public static Map<String, String> text(List<KeyValue> attributes) {
    return attributes.stream()
        .collect(
            Collectors.toMap(
                KeyValue::getKey,
                kv ->
                    switch (kv.getValue().getValueCase()) {
                      case STRING_VALUE -> kv.getValue().getStringValue();
                      case INT_VALUE -> Long.toString(kv.getValue().getIntValue());
                      case BOOL_VALUE -> Boolean.toString(kv.getValue().getBoolValue());
                      case DOUBLE_VALUE -> Double.toString(kv.getValue().getDoubleValue());
                      default -> kv.getValue().toString();
                    },
                (a, b) -> b));
  }

  /** An id as the W3C header and the logs write it. */
  public static String hex(com.google.protobuf.ByteString id) {
    return HexFormat.of().formatHex(id.toByteArray());
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static byte[] body(HttpExchange exchange) throws IOException {
    try (InputStream raw = exchange.getRequestBody()) {
      boolean gzip =
          "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
      return gzip ? new GZIPInputStream(raw).readAllBytes() : raw.readAllBytes();
    }
  }

  private static void answer(HttpExchange exchange, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
