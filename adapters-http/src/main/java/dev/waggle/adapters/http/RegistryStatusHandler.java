package dev.waggle.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.waggle.application.port.in.BrowseCatalog;
import dev.waggle.application.port.in.RegistryNotFoundException;
import dev.waggle.domain.registry.RegistryName;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * HTTP adapter: the official registry's {@code health}, {@code ping} and {@code version} routes
 * beside its read routes on the public listener, in the official response shapes, because registry
 * clients call them before they list. Under {@code /registry/{registry}} they answer 404 for a
 * registry this replica does not serve, as its list does: a client that checks its base URL with
 * them learns of a misspelt registry there, not at its first list.
 */
final class RegistryStatusHandler {
  private final BrowseCatalog browseCatalog;
  private final VersionJson version;

  RegistryStatusHandler(BrowseCatalog browseCatalog, BuildInfo buildInfo) {
    this.browseCatalog = browseCatalog;
    this.version = new VersionJson(buildInfo.version(), buildInfo.commit(), buildInfo.buildDate());
  }

  /**
   * Says the process serves; like the official route it does not ask the database, so a registry
   * client is not told "down" for what {@code /readiness} on the internal listener reports.
   */
  void health(Context ctx, boolean namedRegistry) {
    requireValidRegistry(ctx, namedRegistry);
    JsonBodies.write(ctx, 200, new HealthJson("ok"));
  }

  void ping(Context ctx, boolean namedRegistry) {
    requireValidRegistry(ctx, namedRegistry);
    JsonBodies.write(ctx, 200, new PongJson(true));
  }

  void version(Context ctx, boolean namedRegistry) {
    requireValidRegistry(ctx, namedRegistry);
    JsonBodies.write(ctx, 200, version);
  }

  private void requireValidRegistry(Context ctx, boolean namedRegistry) {
    if (namedRegistry) {
      ParameterReader parameters = new ParameterReader(ctx);
      Optional<RegistryName> registry =
          parameters.path(BrowseCatalogHandler.REGISTRY, RegistryName::of);
      parameters.requireValid();
      // From this replica's snapshots, like the list: no database is asked.
      if (!browseCatalog.servesRegistry(registry.orElseThrow())) {
        throw new RegistryNotFoundException(registry.orElseThrow());
      }
    }
  }

  /** Body of {@code GET …/health}: the official one without {@code github_client_id}. */
  record HealthJson(@JsonProperty("status") String status) {}

  /** Body of {@code GET …/ping}. */
  record PongJson(@JsonProperty("pong") boolean pong) {}

  /** Body of {@code GET …/version}, with the official field names. */
  @JsonPropertyOrder({"version", "git_commit", "build_time"})
  record VersionJson(
      @JsonProperty("version") String version,
      @JsonProperty("git_commit") String gitCommit,
      @JsonProperty("build_time") String buildTime) {}
}
