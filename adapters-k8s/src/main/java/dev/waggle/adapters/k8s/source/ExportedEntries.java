package dev.waggle.adapters.k8s.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.PublisherMeta;
import dev.waggle.domain.catalog.SemanticVersion;
import dev.waggle.domain.catalog.Version;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes adapter: turns one exported MCPServer, VirtualMCPServer or MCPRemoteProxy into a
 * registry entry — its {@code server.json} document and the claims of its {@code authz-claims}
 * annotation — with ToolHive's naming and version rules.
 */
final class ExportedEntries {
  static final String PREFIX = "toolhive.stacklok.dev/";
  static final String EXPORT = PREFIX + "registry-export";
  static final String URL = PREFIX + "registry-url";
  static final String DESCRIPTION = PREFIX + "registry-description";
  static final String TITLE = PREFIX + "registry-title";
  static final String ICON = PREFIX + "registry-icon";
  static final String CATEGORY = PREFIX + "registry-category";
  static final String VERSION_ANNOTATION = PREFIX + "registry-version";
  static final String TOOLS = PREFIX + "tools";
  static final String TOOL_DEFINITIONS = PREFIX + "tool-definitions";
  static final String AUTHZ_CLAIMS = PREFIX + "authz-claims";

  static final String SCHEMA =
      "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";
  static final String DEFAULT_VERSION = "1.0.0";

  private static final Logger LOG = LoggerFactory.getLogger(ExportedEntries.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExportedEntries() {}

  /** Whether an object asks to be exported: its export annotation is exactly {@code "true"}. */
  static boolean isExported(GenericKubernetesResource resource) {
    return resource != null && "true".equals(annotations(resource).get(EXPORT));
  }

  /**
   * The entry for an exported object, or empty when the object is not exported (it lacks the export
   * annotation, the URL or the description). The document is not checked here: the sync engine
   * holds it to the same {@code server.json} rules as every other source's entries.
   *
   * @throws UnusableAnnotationException when an annotation the entry needs cannot be read
   */
  static Optional<ExportedEntry> toEntry(ExportedKind kind, GenericKubernetesResource resource)
      throws UnusableAnnotationException {
    Map<String, String> annotations = annotations(resource);
    if (!isExported(resource)
        || !annotations.containsKey(URL)
        || !annotations.containsKey(DESCRIPTION)) {
      return Optional.empty();
    }
    String namespace = resource.getMetadata().getNamespace();
    String objectName = resource.getMetadata().getName();
    String where = kind.kind() + " " + namespace + "/" + objectName;
    String name = "com.toolhive.k8s." + namespace + "/" + objectName;
    Claims claims;
    try {
      claims = claims(annotations.get(AUTHZ_CLAIMS)).orElse(Claims.NONE);
    } catch (IllegalArgumentException e) {
      throw new UnusableAnnotationException(
          name, where, AUTHZ_CLAIMS, annotations.get(AUTHZ_CLAIMS), e.getMessage());
    }

    String url = annotations.get(URL);
    String description = annotations.get(DESCRIPTION);
    Optional<String> title = nonBlank(annotations.get(TITLE));
    Optional<String> image =
        kind == ExportedKind.MCP_SERVER ? nonBlank(specText(resource, "image")) : Optional.empty();
    String version = version(where, annotations.get(VERSION_ANNOTATION), image);
    Set<String> tags = new LinkedHashSet<>();
    nonBlank(annotations.get(CATEGORY)).ifPresent(tags::add);

    ObjectNode document = JSON.createObjectNode();
    document.put("$schema", SCHEMA);
    document.put("name", name);
    document.put("description", description);
    title.ifPresent(t -> document.put("title", t));
    document.put("version", version);
    nonBlank(annotations.get(ICON))
        .ifPresent(icon -> document.putArray("icons").addObject().put("src", icon));
    document.putArray("remotes").addObject().put("type", "streamable-http").put("url", url);
    String transport = null;
    if (kind == ExportedKind.MCP_SERVER) {
      transport = nonBlank(specText(resource, "transport")).orElse("stdio");
      String proxyMode = nonBlank(specText(resource, "proxyMode")).orElse("streamable-http");
      String packageTransport = "stdio".equals(transport) ? proxyMode : transport;
      if (image.isPresent()) {
        ObjectNode pkg = document.putArray("packages").addObject();
        pkg.put("registryType", "oci");
        pkg.put("identifier", image.get());
        packageVersion(image.get()).ifPresent(v -> pkg.put("version", v));
        pkg.putObject("transport").put("type", packageTransport).put("url", url);
      }
    }

    ObjectNode extension =
        document
            .putObject("_meta")
            .putObject(PublisherMeta.PUBLISHER_PROVIDED)
            .putObject(PublisherMeta.TOOLHIVE_NAMESPACE)
            .putObject(url);
    extension.put("status", "active");
    ObjectNode metadata = extension.putObject("metadata").putObject("kubernetes");
    metadata.put("kind", kind.kind());
    metadata.put("namespace", namespace);
    metadata.put("name", objectName);
    if (resource.getMetadata().getUid() != null) {
      metadata.put("uid", resource.getMetadata().getUid());
    }
    image.ifPresent(i -> metadata.put("image", i));
    if (transport != null) {
      metadata.put("transport", transport);
    }
    jsonArray(where, TOOLS, annotations.get(TOOLS)).ifPresent(t -> extension.set("tools", t));
    jsonArray(where, TOOL_DEFINITIONS, annotations.get(TOOL_DEFINITIONS))
        .ifPresent(t -> extension.set("tool_definitions", t));
    if (!tags.isEmpty()) {
      ArrayNode tagArray = extension.putArray("tags");
      tags.forEach(tagArray::add);
    }

    try {
      return Optional.of(new ExportedEntry(name, where, JSON.writeValueAsString(document), claims));
    } catch (JsonProcessingException e) {
      // A tree of strings and arrays always has a JSON form.
      throw new IllegalStateException("cannot write the entry of " + where, e);
    }
  }

  /**
   * One exported object as a registry entry.
   *
   * @param where the object's kind, namespace and name, to name it in rejections and logs
   * @param document its {@code server.json}, not yet checked
   * @param claims the claims of its {@code authz-claims} annotation; none without one
   */
  record ExportedEntry(String name, String where, String document, Claims claims) {}

  /** An annotation an exported object's entry needs but that cannot be read. */
  static final class UnusableAnnotationException extends Exception {
    private static final long serialVersionUID = 1L;

    final String entryName;
    final String where;
    final String annotation;
    final String value;
    final String reason;

    UnusableAnnotationException(
        String entryName, String where, String annotation, String value, String reason) {
      super(where + ": invalid " + annotation + " annotation: " + reason);
      this.entryName = entryName;
      this.where = where;
      this.annotation = annotation;
      this.value = value;
      this.reason = reason;
    }
  }

  /**
   * The annotation's version when it is publishable, else the image tag when it is, else {@value
   * #DEFAULT_VERSION}.
   */
  static String version(String where, String annotated, Optional<String> image) {
    if (annotated != null && !annotated.isBlank()) {
      if (publishable(annotated)) {
        return annotated;
      }
      LOG.warn(
          "{}: {} '{}' is not a semantic version without build metadata; ignoring it",
          where,
          VERSION_ANNOTATION,
          annotated);
    }
    return image
        .flatMap(ExportedEntries::imageTag)
        .filter(ExportedEntries::publishable)
        .orElse(DEFAULT_VERSION);
  }

  static boolean publishable(String version) {
    return version.length() <= Version.MAX_LENGTH
        && !version.contains("+")
        && SemanticVersion.parse(version).isPresent();
  }

  /** The tag of an image reference; a registry port ({@code host:5000/img}) is not a tag. */
  static Optional<String> imageTag(String image) {
    String reference = image;
    int at = reference.indexOf('@');
    if (at >= 0) {
      reference = reference.substring(0, at);
    }
    int slash = reference.lastIndexOf('/');
    int colon = reference.lastIndexOf(':');
    return colon > slash ? Optional.of(reference.substring(colon + 1)) : Optional.empty();
  }

  private static Optional<String> packageVersion(String image) {
    Optional<String> tag = imageTag(image);
    if (tag.isPresent()) {
      return tag;
    }
    int at = image.indexOf('@');
    return at >= 0 ? Optional.of(image.substring(at + 1)) : Optional.empty();
  }

  private static Optional<Claims> claims(String annotation) {
    if (annotation == null || annotation.isBlank()) {
      return Optional.empty();
    }
    Map<String, Object> raw;
    try {
      raw = JSON.readValue(annotation, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
    }
    try {
      return Optional.of(Claims.fromUntyped(AUTHZ_CLAIMS, raw));
    } catch (ValidationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static Optional<JsonNode> jsonArray(String where, String annotation, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(value);
      if (node != null && node.isArray()) {
        return Optional.of(node);
      }
    } catch (JsonProcessingException e) {
      // reported below
    }
    LOG.warn("{}: {} is not a JSON array; ignoring it", where, annotation);
    return Optional.empty();
  }

  private static String specText(GenericKubernetesResource resource, String field) {
    Object spec = resource.getAdditionalProperties().get("spec");
    if (spec instanceof Map<?, ?> map && map.get(field) instanceof String text) {
      return text;
    }
    return null;
  }

  private static Map<String, String> annotations(GenericKubernetesResource resource) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? Map.of() : annotations;
  }

  private static Optional<String> nonBlank(String text) {
    return text == null || text.isBlank() ? Optional.empty() : Optional.of(text);
  }
}
