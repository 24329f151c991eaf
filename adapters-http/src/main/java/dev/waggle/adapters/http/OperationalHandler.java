package dev.waggle.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.waggle.application.port.in.CheckReadiness;
import dev.waggle.application.port.in.CheckReadiness.Liveness;
import dev.waggle.application.port.in.CheckReadiness.Readiness;
import io.javalin.http.Context;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP adapter: the internal listener's probes — liveness and readiness through the {@link
 * CheckReadiness} use case, and the running build. Liveness fails only when a restart of the
 * process is the one remedy left; a database outage makes the instance unready, not dead.
 */
final class OperationalHandler {
  private static final Logger LOG = LoggerFactory.getLogger(OperationalHandler.class);

  private final CheckReadiness checkReadiness;
  private final VersionJson version;

  OperationalHandler(CheckReadiness checkReadiness, BuildInfo buildInfo) {
    this.checkReadiness = checkReadiness;
    this.version = VersionJson.fromBuild(buildInfo);
  }

  void health(Context ctx) {
    Liveness liveness;
    try {
      liveness = checkReadiness.liveness();
    } catch (RuntimeException e) {
      // A broken check is no reason to have the process restarted; readiness reports trouble.
      LOG.warn("Liveness check failed, request_id={}", RequestIds.of(ctx), e);
      liveness = new Liveness(true, null);
    }
    if (liveness.alive()) {
      JsonBodies.write(ctx, 200, new StatusJson("healthy", null));
    } else {
      String reason = liveness.reason() == null ? "cannot recover" : liveness.reason();
      JsonBodies.write(ctx, 503, new StatusJson("unhealthy", reason));
    }
  }

  void readiness(Context ctx) {
    Readiness readiness;
    try {
      readiness = checkReadiness.check();
    } catch (RuntimeException e) {
      // A probe must answer, and "not ready" is the truth when the check itself breaks.
      LOG.warn("Readiness check failed, request_id={}", RequestIds.of(ctx), e);
      readiness = new Readiness(false, "readiness check failed");
    }
    if (readiness.ready()) {
      JsonBodies.write(ctx, 200, new StatusJson("ready", null));
    } else {
      String reason = readiness.reason() == null ? "not ready" : readiness.reason();
      JsonBodies.write(ctx, 503, new StatusJson("not ready", reason));
    }
  }

  void version(Context ctx) {
    JsonBodies.write(ctx, 200, version);
  }

  /** Body of the health and readiness probes. */
  @JsonPropertyOrder({"status", "error"})
  record StatusJson(
      @JsonProperty("status") String status,
      @JsonProperty("error") @JsonInclude(JsonInclude.Include.NON_NULL) String error) {}

  /** Body of {@code GET /version}, with ToolHive's field names and Java in place of Go. */
  @JsonPropertyOrder({"version", "commit", "build_date", "java_version", "platform"})
  record VersionJson(
      @JsonProperty("version") String version,
      @JsonProperty("commit") String commit,
      @JsonProperty("build_date") String buildDate,
      @JsonProperty("java_version") String javaVersion,
      @JsonProperty("platform") String platform) {

    static VersionJson fromBuild(BuildInfo build) {
      String platform =
          System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT).replace(' ', '-')
              + "/"
              + System.getProperty("os.arch", "unknown");
      return new VersionJson(
          build.version(),
          build.commit(),
          build.buildDate(),
          Runtime.version().toString(),
          platform);
    }
  }
}
