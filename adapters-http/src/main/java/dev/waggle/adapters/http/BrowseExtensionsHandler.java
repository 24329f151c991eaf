package dev.waggle.adapters.http;

import dev.waggle.application.port.in.BrowseExtensions;
import dev.waggle.application.port.in.ExtensionPage;
import dev.waggle.application.port.in.ListExtensionsQuery;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.extension.ExtensionCursor;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.extension.ExtensionId;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionStatus;
import dev.waggle.domain.registry.RegistryName;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP adapter: serves ToolHive's read-only skills and plugins extension ({@code
 * /registry/{registry}/v0.1/x/dev.toolhive/skills} and {@code .../plugins}) by calling the {@link
 * BrowseExtensions} use case.
 */
final class BrowseExtensionsHandler {
  static final String PREFIX = JavalinListeners.REGISTRY_PREFIX + "/v0.1/x/dev.toolhive/";
  static final String NAMESPACE = "namespace";
  static final String NAME = "name";
  static final String VERSION = "version";

  private final BrowseExtensions browse;

  BrowseExtensionsHandler(BrowseExtensions browse) {
    this.browse = browse;
  }

  /** The list route of a kind, e.g. {@code /registry/{registry}/v0.1/x/dev.toolhive/skills}. */
  static String list(ExtensionKind kind) {
    return PREFIX + kind.plural();
  }

  static String latest(ExtensionKind kind) {
    return list(kind) + "/{" + NAMESPACE + "}/{" + NAME + "}";
  }

  static String versions(ExtensionKind kind) {
    return latest(kind) + "/versions";
  }

  static String version(ExtensionKind kind) {
    return versions(kind) + "/{" + VERSION + "}";
  }

  void list(Context ctx, ExtensionKind kind) {
    ParameterReader parameters = new ParameterReader(ctx);
    Optional<RegistryName> registry = parameters.path("registry", RegistryName::of);
    Optional<ExtensionCursor> cursor = parameters.query("cursor", ExtensionCursor::decode);
    Optional<Integer> limit =
        parameters.query(
            "limit", text -> CatalogParameters.limit(text, ListExtensionsQuery.MAX_LIMIT));
    Optional<String> search = parameters.query("search", text -> text);
    Optional<ExtensionStatus> status =
        parameters.query("status", text -> ExtensionStatus.fromQuery("status", text));
    parameters.requireValid();

    ExtensionPage page =
        browse.list(
            new ListExtensionsQuery(
                registry.orElseThrow(),
                kind,
                cursor,
                limit.orElse(ListExtensionsQuery.DEFAULT_LIMIT),
                search,
                status,
                caller(ctx)));
    writeList(ctx, kind, page.items(), page.next().map(ExtensionCursor::encode));
  }

  void versions(Context ctx, ExtensionKind kind) {
    ParameterReader parameters = new ParameterReader(ctx);
    Optional<RegistryName> registry = parameters.path("registry", RegistryName::of);
    Optional<ExtensionId> id = id(parameters);
    parameters.requireValid();

    writeList(
        ctx,
        kind,
        browse.versions(registry.orElseThrow(), kind, id.orElseThrow(), caller(ctx)),
        Optional.empty());
  }

  void latest(Context ctx, ExtensionKind kind) {
    one(ctx, kind, Optional.of(VersionSelector.LATEST));
  }

  void version(Context ctx, ExtensionKind kind) {
    one(ctx, kind, Optional.empty());
  }

  private void one(Context ctx, ExtensionKind kind, Optional<VersionSelector> fixed) {
    ParameterReader parameters = new ParameterReader(ctx);
    Optional<RegistryName> registry = parameters.path("registry", RegistryName::of);
    Optional<ExtensionId> id = id(parameters);
    Optional<VersionSelector> version =
        fixed.isPresent() ? fixed : parameters.path(VERSION, VersionSelector::parse);
    parameters.requireValid();

    ExtensionEntry entry =
        browse.version(
            registry.orElseThrow(), kind, id.orElseThrow(), version.orElseThrow(), caller(ctx));
    JsonBodies.contentType(ctx, JsonBodies.JSON);
    ctx.status(200).result(entry.document().getBytes(StandardCharsets.UTF_8));
  }

  /** Namespace and name, each checked on its own so that a 400 names every bad one. */
  private static Optional<ExtensionId> id(ParameterReader parameters) {
    // A valid placeholder checks one part alone; the real pair is built once both pass.
    Optional<String> namespace =
        parameters.path(NAMESPACE, text -> ExtensionId.of(text, "x0").namespace());
    Optional<String> name = parameters.path(NAME, text -> ExtensionId.of("x.y", text).name());
    return namespace.isPresent() && name.isPresent()
        ? Optional.of(ExtensionId.of(namespace.get(), name.get()))
        : Optional.empty();
  }

  /**
   * {@code {"skills":[...],"metadata":{"count":N,"nextCursor":"..."}}}, the entries written as
   * stored; {@code nextCursor} only when another page follows.
   */
  private static void writeList(
      Context ctx, ExtensionKind kind, List<ExtensionEntry> items, Optional<String> next) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("count", items.size());
    next.ifPresent(cursor -> metadata.put("nextCursor", cursor));
    StringBuilder body = new StringBuilder("{\"").append(kind.plural()).append("\":[");
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append(items.get(i).document());
    }
    body.append("],\"metadata\":")
        .append(new String(JsonBodies.bytes(metadata), StandardCharsets.UTF_8))
        .append('}');
    JsonBodies.contentType(ctx, JsonBodies.JSON);
    ctx.status(200).result(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static Caller caller(Context ctx) {
    return Authentication.domainCaller(ctx);
  }
}
