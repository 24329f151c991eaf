package dev.waggle.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.waggle.application.port.in.InspectSources;
import dev.waggle.application.port.in.ManageRegistries;
import dev.waggle.application.port.in.ManageSources;
import dev.waggle.application.port.in.Written;
import dev.waggle.application.port.out.RegistryEntry;
import dev.waggle.application.port.out.SourceEntry;
import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * HTTP adapter: the admin API's writes of sources and registries — {@code PUT} (201 created, 200
 * replaced) and {@code DELETE} (204) of {@code /v1/sources/{name}} and {@code
 * /v1/registries/{name}} — and the unshadowed listings of their entries at {@code .../entries}.
 */
final class CatalogAdminHandler {
  static final String SOURCE_ENTRIES = "/v1/sources/{name}/entries";
  static final String REGISTRY_ENTRIES = "/v1/registries/{name}/entries";

  private final ManageSources sources;
  private final ManageRegistries registries;
  private final InspectSources inspect;

  CatalogAdminHandler(ManageSources sources, ManageRegistries registries, InspectSources inspect) {
    this.sources = Objects.requireNonNull(sources, "'sources' must not be null");
    this.registries = Objects.requireNonNull(registries, "'registries' must not be null");
    this.inspect = Objects.requireNonNull(inspect, "'inspect' must not be null");
  }

  void putSource(Context ctx) {
    SourceName name = SourcesHandler.name(ctx, SourceName::of);
    SourceRequestJson body = RequestBodies.read(ctx, SourceRequestJson.class);
    Caller caller = Authentication.domainCaller(ctx);
    Written written = sources.putSource(caller, body.toDomain(name));
    SourcesHandler.noStore(ctx);
    ctx.header("Location", SourcesHandler.location(name));
    JsonBodies.write(ctx, status(written), SourceInfoJson.fromDomain(inspect.source(name, caller)));
  }

  void deleteSource(Context ctx) {
    SourceName name = SourcesHandler.name(ctx, SourceName::of);
    sources.deleteSource(Authentication.domainCaller(ctx), name);
    ctx.status(204);
  }

  void sourceEntries(Context ctx) {
    SourceName name = SourcesHandler.name(ctx, SourceName::of);
    List<SourceEntryJson> entries =
        sources.sourceEntries(Authentication.domainCaller(ctx), name).stream()
            .map(SourceEntryJson::fromDomain)
            .toList();
    SourcesHandler.noStore(ctx);
    JsonBodies.write(ctx, 200, new EntryListJson<>(entries));
  }

  void putRegistry(Context ctx) {
    RegistryName name = SourcesHandler.name(ctx, RegistryName::of);
    RegistryRequestJson body = RequestBodies.read(ctx, RegistryRequestJson.class);
    Caller caller = Authentication.domainCaller(ctx);
    Written written = registries.putRegistry(caller, body.toDomain(name));
    SourcesHandler.noStore(ctx);
    ctx.header("Location", SourcesHandler.location(name));
    JsonBodies.write(
        ctx, status(written), SourcesHandler.registryInfo(inspect.registry(name, caller)));
  }

  void deleteRegistry(Context ctx) {
    RegistryName name = SourcesHandler.name(ctx, RegistryName::of);
    registries.deleteRegistry(Authentication.domainCaller(ctx), name);
    ctx.status(204);
  }

  void registryEntries(Context ctx) {
    RegistryName name = SourcesHandler.name(ctx, RegistryName::of);
    List<RegistryEntryJson> entries =
        registries.registryEntries(Authentication.domainCaller(ctx), name).stream()
            .map(RegistryEntryJson::fromDomain)
            .toList();
    SourcesHandler.noStore(ctx);
    JsonBodies.write(ctx, 200, new EntryListJson<>(entries));
  }

  private static int status(Written written) {
    return written == Written.CREATED ? 201 : 200;
  }

  private static String time(Optional<Instant> instant) {
    return instant.map(Rfc3339::format).orElse(null);
  }

  /** HTTP adapter DTO: the body of {@code PUT /v1/registries/{name}}. */
  record RegistryRequestJson(List<String> sources, Map<String, Object> claims) {
    RegistryDefinition toDomain(RegistryName name) {
      List<String> names = sources == null ? List.of() : sources;
      List<SourceName> parsed = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        String source = names.get(i);
        try {
          parsed.add(SourceName.of(source));
        } catch (ValidationException e) {
          throw new ValidationException("sources[" + i + "]", source, e.reason());
        }
      }
      try {
        RegistryDefinition.checkSources(parsed);
      } catch (ValidationException e) {
        // ToolHive's wording, which its clients may look for.
        throw new ValidationException(
            e.field(), e.rejectedValue(), "invalid registry configuration: " + e.reason());
      }
      return new RegistryDefinition(name, parsed, Claims.fromUntyped("claims", claims));
    }
  }

  /** HTTP adapter DTO: the body of both {@code .../entries} listings. */
  record EntryListJson<T>(List<T> entries) {}

  /** HTTP adapter DTO: one entry of {@code GET /v1/sources/{name}/entries}. */
  @JsonPropertyOrder({"entryType", "name", "claims", "versions"})
  record SourceEntryJson(
      String entryType,
      String name,
      Map<String, List<String>> claims,
      List<EntryVersionJson> versions) {
    static SourceEntryJson fromDomain(SourceEntry entry) {
      return new SourceEntryJson(
          entry.type().name(),
          entry.name(),
          new TreeMap<>(entry.claims().values()),
          entry.versions().stream().map(EntryVersionJson::fromDomain).toList());
    }
  }

  /** HTTP adapter DTO: one version of an entry; skills and plugins have no times. */
  @JsonPropertyOrder({"version", "title", "description", "createdAt", "updatedAt"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record EntryVersionJson(
      String version, String title, String description, String createdAt, String updatedAt) {
    static EntryVersionJson fromDomain(SourceEntry.Version version) {
      return new EntryVersionJson(
          version.version(),
          version.title(),
          version.description(),
          time(version.createdAt()),
          time(version.updatedAt()));
    }
  }

  /** HTTP adapter DTO: one row of {@code GET /v1/registries/{name}/entries}. */
  @JsonPropertyOrder({
    "entryType",
    "name",
    "version",
    "title",
    "description",
    "createdAt",
    "updatedAt",
    "sourceName",
    "position"
  })
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RegistryEntryJson(
      String entryType,
      String name,
      String version,
      String title,
      String description,
      String createdAt,
      String updatedAt,
      String sourceName,
      int position) {
    static RegistryEntryJson fromDomain(RegistryEntry entry) {
      return new RegistryEntryJson(
          entry.type().name(),
          entry.name(),
          entry.version().version(),
          entry.version().title(),
          entry.version().description(),
          time(entry.version().createdAt()),
          time(entry.version().updatedAt()),
          entry.source().value(),
          entry.position());
    }
  }
}
