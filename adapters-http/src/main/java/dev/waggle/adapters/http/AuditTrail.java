package dev.waggle.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import io.javalin.router.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletApiResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP adapter: the audit trail of the public listener. Javalin calls it once each request has its
 * answer — whatever route, hook or exception gave it — so that a failed request is recorded too; it
 * writes one JSON line per event in ToolHive's shape ({@code "level":"AUDIT"}, {@code
 * "msg":"audit_event"}) for the routes {@link AuditRoutes} names, and {@code auth.unauthenticated}
 * for every 401.
 */
final class AuditTrail implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

  /**
   * ToolHive's component name, kept so that dashboards and SIEM rules written for the ToolHive
   * Registry Server keep matching Waggle's events.
   */
  static final String COMPONENT = "toolhive-registry-api";

  private static final int MAX_USER_AGENT = 512;
  private static final Set<String> MUTATIONS = Set.of("POST", "PUT", "DELETE");
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private final AuditSettings settings;
  private final AuditLog log;
  private final AuthSettings.Mode authMode;
  private final Clock clock;

  AuditTrail(AuditSettings settings, AuditLog log, AuthSettings.Mode authMode, Clock clock) {
    this.settings = settings;
    this.log = log;
    this.authMode = authMode;
    this.clock = clock;
  }

  /** The trail {@code settings} ask for, its file open; empty when auditing is off. */
  static Optional<AuditTrail> open(AuditSettings settings, AuthSettings.Mode authMode) {
    if (!settings.enabled()) {
      return Optional.empty();
    }
    AuditLog log = settings.logFile().map(AuditLog::open).orElseGet(AuditLog::standardOutput);
    return Optional.of(new AuditTrail(settings, log, authMode, Clock.systemUTC()));
  }

  /**
   * The request logger of the listener whose {@code state} this is. A request a before-hook
   * answered (the gate's 403 or 503) never reached its route, so Javalin matched none: its route is
   * looked up in the listener's router then, which is also what serves it.
   */
  RequestLogger logger(JavalinState state) {
    return (ctx, executionTimeMs) -> handle(ctx, executionTimeMs, state);
  }

  private void handle(Context ctx, Float executionTimeMs, JavalinState state) {
    try {
      Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
      Optional<String> template =
          endpoint != null
              ? Optional.of(endpoint.path)
              : Optional.ofNullable(
                      state.internalRouter.findFirstHttpHandlerEntry(ctx.method(), ctx.path()))
                  .map(parsed -> parsed.endpoint.path);
      record(ctx, executionTimeMs == null ? 0 : executionTimeMs.longValue(), template);
    } catch (RuntimeException e) {
      // The answer is gone already; the operator must hear that its record is missing.
      LOG.error(
          "Cannot record the audit event of {} {} (request_id={})",
          ctx.method().name(),
          ctx.path(),
          RequestIds.of(ctx),
          e);
    }
  }

  private void record(Context ctx, long durationMs, Optional<String> template) {
    int status = ctx.statusCode();
    Optional<Identity> identity = Authentication.caller(ctx);
    if (status == 401 && settings.allows(AuditRoutes.UNAUTHENTICATED)) {
      write(unauthenticated(ctx));
    }
    Optional<AuditRoutes.Match> match =
        template.flatMap(t -> AuditRoutes.match(ctx.method().name(), t, ctx.path()));
    if (match.isEmpty()) {
      return;
    }
    // The gate's own 401 is the auth.unauthenticated event: the route never ran.
    if (status == 401 && identity.isEmpty() && authMode == AuthSettings.Mode.OAUTH) {
      return;
    }
    String type = match.get().route().eventFor(status);
    if (!settings.allows(type)) {
      return;
    }
    ObjectNode event = header(ctx, type, outcome(status));
    event.set("subjects", subjects(ctx, identity));
    ObjectNode target = event.putObject("target");
    target.put("method", ctx.method().name());
    target.put("path", ctx.path());
    match.get().target().forEach(target::put);
    ObjectNode extra = event.putObject("metadata").putObject("extra");
    extra.put("duration_ms", durationMs);
    extra.put("response_bytes", responseBytes(ctx));
    extra.put("request_id", RequestIds.of(ctx));
    if (settings.includeRequestData() && MUTATIONS.contains(ctx.method().name())) {
      requestData(ctx).ifPresent(data -> event.set("data", data));
    }
    write(event);
  }

  private ObjectNode unauthenticated(Context ctx) {
    ObjectNode event = header(ctx, AuditRoutes.UNAUTHENTICATED, "denied");
    event.putObject("subjects").put("identity", "unknown");
    event.putObject("target").put("method", ctx.method().name()).put("path", ctx.path());
    event.putObject("metadata").putObject("extra").put("request_id", RequestIds.of(ctx));
    return event;
  }

  private ObjectNode header(Context ctx, String type, String outcome) {
    Instant now = clock.instant();
    ObjectNode event = JSON.createObjectNode();
    event.put("time", Rfc3339.format(now.truncatedTo(ChronoUnit.MILLIS)));
    event.put("level", "AUDIT");
    event.put("msg", "audit_event");
    event.put("audit_id", RequestIds.newId());
    event.put("type", type);
    event.put("logged_at", Rfc3339.format(now));
    event.put("outcome", outcome);
    event.put("component", COMPONENT);
    ObjectNode source = event.putObject("source");
    source.put("type", "network");
    // The direct peer: X-Forwarded-For is anyone's to write, so it is kept only as said.
    source.put("value", peer(ctx.req().getRemoteAddr(), ctx.req().getRemotePort()));
    ObjectNode extra = JSON.createObjectNode();
    Optional.ofNullable(ctx.header("X-Forwarded-For"))
        .filter(v -> !v.isEmpty())
        .ifPresent(v -> extra.put("x_forwarded_for", v));
    Optional.ofNullable(ctx.header("User-Agent"))
        .filter(v -> !v.isEmpty())
        .ifPresent(
            v ->
                extra.put(
                    "user_agent",
                    v.length() > MAX_USER_AGENT ? v.substring(0, MAX_USER_AGENT) : v));
    if (!extra.isEmpty()) {
      source.set("extra", extra);
    }
    return event;
  }

  /** ToolHive's outcomes: 2xx success, 403 denied, other 4xx failure, anything else error. */
  static String outcome(int status) {
    if (status >= 200 && status < 300) {
      return "success";
    } else if (status == 403) {
      return "denied";
    } else if (status >= 400 && status < 500) {
      return "failure";
    }
    return "error";
  }

  private static ObjectNode subjects(Context ctx, Optional<Identity> identity) {
    ObjectNode subjects = JSON.createObjectNode();
    if (identity.isEmpty()) {
      subjects.put("identity", "anonymous");
      return subjects;
    }
    identity
        .get()
        .subject()
        .ifPresentOrElse(
            sub -> subjects.put("sub", sub), () -> subjects.put("identity", "anonymous"));
    identity.get().name().ifPresent(name -> subjects.put("user", name));
    if (Authentication.domainCaller(ctx).superAdmin()) {
      subjects.put("role", "super_admin");
    }
    return subjects;
  }

  /** {@code host:port} as Go writes a peer address, with an IPv6 host in brackets. */
  static String peer(String address, int port) {
    return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
  }

  private static long responseBytes(Context ctx) {
    if (ctx.res() instanceof ServletApiResponse response) {
      return response.getContentCount();
    }
    String length = ctx.res().getHeader("Content-Length");
    return length == null ? 0 : Long.parseLong(length);
  }

  /**
   * The request body with its secrets taken out: the JSON itself when it is valid JSON and fits
   * {@code maxDataSize}, else a string of at most {@code maxDataSize} bytes.
   */
  private Optional<JsonNode> requestData(Context ctx) {
    if (settings.maxDataSize() == 0) {
      return Optional.empty();
    }
    byte[] body;
    try {
      // Read already, and kept, by the route that parsed it; Javalin bounds what it reads.
      body = ctx.bodyAsBytes();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (body.length == 0) {
      return Optional.empty();
    }
    String text;
    try {
      JsonNode redacted = AuditRedaction.redact(JSON.readTree(body));
      text = JSON.writeValueAsString(redacted);
      if (text.getBytes(StandardCharsets.UTF_8).length <= settings.maxDataSize()) {
        return Optional.of(redacted);
      }
    } catch (IOException | RuntimeException e) {
      text = AuditRedaction.redactText(new String(body, StandardCharsets.UTF_8));
    }
    return Optional.of(JSON.getNodeFactory().textNode(truncate(text, settings.maxDataSize())));
  }

  /** The longest prefix of {@code text} whose UTF-8 form fits {@code maxBytes}. */
  static String truncate(String text, int maxBytes) {
    int bytes = 0;
    int end = 0;
    while (end < text.length()) {
      int codePoint = text.codePointAt(end);
      int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      end += Character.charCount(codePoint);
    }
    return text.substring(0, end);
  }

  private void write(ObjectNode event) {
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an audit event", e);
    }
    byte[] line = new byte[json.length + 1];
    System.arraycopy(json, 0, line, 0, json.length);
    line[json.length] = '\n';
    log.write(line);
  }

  @Override
  public void close() {
    log.close();
  }
}
