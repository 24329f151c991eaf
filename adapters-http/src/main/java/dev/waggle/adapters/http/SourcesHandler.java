package dev.waggle.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.waggle.application.port.in.InspectSources;
import dev.waggle.application.port.in.RegistryStatus;
import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * HTTP adapter: the read-only admin routes {@code GET /v1/sources}, {@code GET /v1/sources/{name}}
 * (also where an on-demand sync is followed), {@code GET /v1/registries} and {@code GET
 * /v1/registries/{name}} with the status of each of the registry's sources, each answering with
 * what the caller may see.
 */
final class SourcesHandler {
  static final String SOURCES = "/v1/sources";
  static final String SOURCE = "/v1/sources/{name}";
  static final String REGISTRIES = "/v1/registries";
  static final String REGISTRY = "/v1/registries/{name}";

  private final InspectSources inspect;

  SourcesHandler(InspectSources inspect) {
    this.inspect = Objects.requireNonNull(inspect, "'inspect' must not be null");
  }

  /** Where a source's status is read: the {@code Location} of an on-demand sync. */
  static String location(SourceName source) {
    return "/v1/sources/" + URLEncoder.encode(source.value(), StandardCharsets.UTF_8);
  }

  /** Where a registry is read: the {@code Location} of a registry the admin API wrote. */
  static String location(RegistryName registry) {
    return "/v1/registries/" + URLEncoder.encode(registry.value(), StandardCharsets.UTF_8);
  }

  void list(Context ctx) {
    noStore(ctx);
    JsonBodies.write(
        ctx,
        200,
        new SourceListJson(
            inspect.listSources(caller(ctx)).stream().map(SourceInfoJson::fromDomain).toList()));
  }

  void get(Context ctx) {
    SourceName name = name(ctx, SourceName::of);
    noStore(ctx);
    JsonBodies.write(ctx, 200, SourceInfoJson.fromDomain(inspect.source(name, caller(ctx))));
  }

  void registries(Context ctx) {
    noStore(ctx);
    JsonBodies.write(
        ctx,
        200,
        new RegistryListJson(
            inspect.listRegistries(caller(ctx)).stream()
                .map(SourcesHandler::registryInfo)
                .toList()));
  }

  void registry(Context ctx) {
    RegistryName name = name(ctx, RegistryName::of);
    RegistryStatus status = inspect.registry(name, caller(ctx));
    noStore(ctx);
    JsonBodies.write(ctx, 200, registryInfo(status));
  }

  /** A registry as {@code GET /v1/registries[/{name}]} and its {@code PUT} answer with it. */
  static RegistryInfoJson registryInfo(RegistryStatus status) {
    return new RegistryInfoJson(
        status.definition().name().value(),
        new TreeMap<>(status.definition().claims().values()),
        status.creationType().name(),
        status.definition().sources().stream().map(SourceName::value).toList(),
        status.createdAt().map(Rfc3339::format).orElse(null),
        status.updatedAt().map(Rfc3339::format).orElse(null),
        status.sources().stream().map(SourceInfoJson::fromDomain).toList());
  }

  private static Caller caller(Context ctx) {
    return Authentication.domainCaller(ctx);
  }

  static <T> T name(Context ctx, Function<String, T> parse) {
    String raw = ctx.pathParam("name");
    try {
      return parse.apply(raw);
    } catch (ValidationException e) {
      throw new InvalidRequestException(
          List.of(new ProblemJson.ProblemDetailJson("path.name", raw, e.reason())));
    }
  }

  /** HTTP adapter DTO: the body of {@code GET /v1/sources}. */
  record SourceListJson(List<SourceInfoJson> sources) {}

  /** HTTP adapter DTO: the body of {@code GET /v1/registries}. */
  record RegistryListJson(List<RegistryInfoJson> registries) {}

  /**
   * HTTP adapter DTO: ToolHive's {@code RegistryInfo} with, beside the ordered source names, each
   * source's status ({@code sourceStatus}), which ToolHive documents but does not serve.
   */
  @JsonPropertyOrder({
    "name",
    "claims",
    "creationType",
    "sources",
    "createdAt",
    "updatedAt",
    "sourceStatus"
  })
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RegistryInfoJson(
      String name,
      Map<String, List<String>> claims,
      String creationType,
      List<String> sources,
      String createdAt,
      String updatedAt,
      List<SourceInfoJson> sourceStatus) {}

  /** Every status answer reflects the moment it was read; a poller must not see a stale one. */
  static void noStore(Context ctx) {
    ctx.header("Cache-Control", "no-store");
  }

  /** The status of one source, as {@link SourceSyncHandler} answers with it. */
  SourceInfoJson status(SourceName source) {
    return SourceInfoJson.fromDomain(inspect.source(source));
  }

  /**
   * The status of one source the caller may inspect, checked before acting on it.
   *
   * @throws dev.waggle.domain.access.AccessDeniedException without {@code manageSources}
   * @throws dev.waggle.application.port.in.SourceNotFoundException when missing or hidden
   */
  SourceInfoJson status(SourceName source, Caller caller) {
    return SourceInfoJson.fromDomain(inspect.source(source, caller));
  }
}
