package dev.waggle.adapters.sources;

import static dev.waggle.adapters.sources.JsonDocuments.NODES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.domain.catalog.PublisherMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Source adapter format: imports the legacy ToolHive registry file ({@code servers} and {@code
 * remote_servers} maps keyed by short name) by converting each entry into a server.json the way
 * ToolHive's own converter does, with every ToolHive-only field kept in the {@code
 * io.github.stacklok} publisher extension. Groups have no upstream equivalent and are dropped.
 */
final class LegacyRegistryConverter {
  static final String DEFAULT_NAMESPACE = "io.github.stacklok/";
  // The converter has no version to go by, so ToolHive writes this one for every entry.
  static final String CONVERTED_VERSION = "1.0.0";

  private static final List<String> COMMON_EXTENSIONS =
      List.of(
          "tier", "tools", "tags", "overview", "tool_definitions", "metadata", "custom_metadata");
  private static final List<String> CONTAINER_EXTENSIONS =
      List.of("permissions", "args", "provenance", "docker_tags", "proxy_port", "stateless");
  private static final List<String> REMOTE_EXTENSIONS =
      List.of("oauth_config", "env_vars", "proxy_port", "stateless");
  private static final List<String> METADATA_KEYS = List.of("stars", "last_updated", "kubernetes");

  /** The converted entries, container servers first and then remote servers, each in file order. */
  record Converted(List<JsonNode> servers, int droppedGroups) {
    Converted {
      servers = List.copyOf(servers);
    }
  }

  /** Whether a document is in this format: non-empty servers, remote_servers or groups. */
  static boolean matches(JsonNode root) {
    return nonEmptyObject(root.get("servers"))
        || nonEmptyObject(root.get("remote_servers"))
        || (root.path("groups").isArray() && !root.path("groups").isEmpty());
  }

  Converted convert(JsonNode root, String origin) throws SourceReadException {
    List<JsonNode> servers = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : section(root, "servers", origin)) {
      JsonNode meta = entry.getValue();
      servers.add(meta.isObject() ? container(entry.getKey(), meta) : meta);
    }
    for (Map.Entry<String, JsonNode> entry : section(root, "remote_servers", origin)) {
      JsonNode meta = entry.getValue();
      servers.add(meta.isObject() ? remote(entry.getKey(), meta) : meta);
    }
    JsonNode groups = root.get("groups");
    if (groups != null && !groups.isArray()) {
      throw new SourceReadException(origin + ": legacy registry file: groups must be an array");
    }
    return new Converted(servers, groups == null ? 0 : groups.size());
  }

  /** Converts one container server ({@code servers.<key>}) into an OCI-package server.json. */
  ObjectNode container(String key, JsonNode meta) {
    ObjectNode server = base(key, meta);
    ObjectNode pkg = server.putArray("packages").addObject();
    pkg.put("registryType", "oci");
    copy(meta, "image", pkg, "identifier");
    ObjectNode transport = pkg.putObject("transport");
    JsonNode type = meta.get("transport");
    transport.set("type", isEmpty(type) ? NODES.textNode("stdio") : type);
    String typeName = transport.path("type").asText();
    if (typeName.equals("sse") || typeName.equals("streamable-http")) {
      // Containers are reached through a port forwarded to the host, hence localhost.
      JsonNode port = meta.path("target_port");
      transport.put(
          "url",
          port.canConvertToInt() && port.intValue() > 0
              ? "http://localhost:" + port.intValue()
              : "http://localhost");
    }
    JsonNode envVars = meta.get("env_vars");
    if (!isEmpty(envVars) && envVars.isArray()) {
      ArrayNode inputs = pkg.putArray("environmentVariables");
      envVars.forEach(envVar -> inputs.add(namedInput(envVar)));
    }
    attachExtension(server, meta.path("image").asText(), extension(meta, CONTAINER_EXTENSIONS));
    return server;
  }

  /** Converts one remote server ({@code remote_servers.<key>}) into a server.json remote. */
  ObjectNode remote(String key, JsonNode meta) {
    ObjectNode server = base(key, meta);
    ObjectNode remote = server.putArray("remotes").addObject();
    copy(meta, "transport", remote, "type");
    copy(meta, "url", remote, "url");
    JsonNode headers = meta.get("headers");
    if (!isEmpty(headers) && headers.isArray()) {
      ArrayNode inputs = remote.putArray("headers");
      headers.forEach(header -> inputs.add(namedInput(header)));
    }
    attachExtension(server, meta.path("url").asText(), extension(meta, REMOTE_EXTENSIONS));
    return server;
  }

  private static ObjectNode base(String key, JsonNode meta) {
    ObjectNode server = NODES.objectNode();
    server.put("$schema", ServerJsonRules.CURRENT_SCHEMA);
    JsonNode name = meta.get("name");
    server.set(
        "name",
        isEmpty(name) ? NODES.textNode(key.contains("/") ? key : DEFAULT_NAMESPACE + key) : name);
    copy(meta, "title", server, "title");
    copy(meta, "description", server, "description");
    JsonNode repositoryUrl = meta.get("repository_url");
    if (!isEmpty(repositoryUrl)) {
      // ToolHive assumes GitHub whatever the host; kept so converted files match its output.
      server.putObject("repository").put("source", "github").set("url", repositoryUrl);
    }
    server.put("version", CONVERTED_VERSION);
    return server;
  }

  /** A legacy env var or header as a server.json named input, writing only what is set. */
  private static JsonNode namedInput(JsonNode legacy) {
    if (!legacy.isObject()) {
      return legacy;
    }
    ObjectNode input = NODES.objectNode();
    copy(legacy, "name", input, "name");
    copy(legacy, "description", input, "description");
    copy(legacy, "required", input, "isRequired");
    copy(legacy, "secret", input, "isSecret");
    copy(legacy, "default", input, "default");
    copy(legacy, "choices", input, "choices");
    return input;
  }

  private static ObjectNode extension(JsonNode meta, List<String> kindKeys) {
    ObjectNode extension = NODES.objectNode();
    JsonNode status = meta.get("status");
    // Case is kept: legacy files say "Active", and the extension schema allows both spellings.
    extension.set("status", isEmpty(status) ? NODES.textNode("active") : status);
    List<String> keys = new ArrayList<>(COMMON_EXTENSIONS);
    keys.addAll(kindKeys);
    for (String key : keys) {
      JsonNode value = meta.get(key);
      if (!isEmpty(value)) {
        extension.set(key, normalised(key, value));
      }
    }
    return extension;
  }

  /** The few extension values ToolHive reshapes while converting; the rest are copied. */
  private static JsonNode normalised(String key, JsonNode value) {
    switch (key) {
      case "tool_definitions":
        if (value.isArray()) {
          ArrayNode tools = NODES.arrayNode();
          for (JsonNode tool : value) {
            if (tool.isObject() && !tool.has("annotations")) {
              // Go's mcp.Tool always writes its annotations, empty or not.
              ObjectNode annotated = tool.deepCopy();
              annotated.putObject("annotations");
              tools.add(annotated);
            } else {
              tools.add(tool);
            }
          }
          return tools;
        }
        return value;
      case "metadata":
        if (value.isObject()) {
          // Only the fields the extension defines survive; the legacy "pulls" count does not.
          ObjectNode metadata = NODES.objectNode();
          METADATA_KEYS.forEach(field -> copy(value, field, metadata, field));
          return metadata;
        }
        return value;
      case "env_vars":
        if (value.isArray()) {
          ArrayNode envVars = NODES.arrayNode();
          for (JsonNode envVar : value) {
            envVars.add(envVar.isObject() ? envVar(envVar) : envVar);
          }
          return envVars;
        }
        return value;
      default:
        return value;
    }
  }

  /** A remote's client env var in ToolHive's own shape, where {@code required} is always set. */
  private static ObjectNode envVar(JsonNode legacy) {
    ObjectNode envVar = NODES.objectNode();
    envVar.set(
        "name", legacy.path("name").isMissingNode() ? NODES.textNode("") : legacy.get("name"));
    envVar.set(
        "description",
        legacy.path("description").isMissingNode()
            ? NODES.textNode("")
            : legacy.get("description"));
    envVar.put("required", legacy.path("required").asBoolean(false));
    copy(legacy, "default", envVar, "default");
    copy(legacy, "secret", envVar, "secret");
    return envVar;
  }

  private static void attachExtension(ObjectNode server, String key, ObjectNode extension) {
    server
        .putObject("_meta")
        .putObject(PublisherMeta.PUBLISHER_PROVIDED)
        .putObject(PublisherMeta.TOOLHIVE_NAMESPACE)
        .set(key, extension);
  }

  private static Iterable<Map.Entry<String, JsonNode>> section(
      JsonNode root, String key, String origin) throws SourceReadException {
    JsonNode section = root.get(key);
    if (section == null || section.isNull()) {
      return List.of();
    }
    if (!section.isObject()) {
      throw new SourceReadException(
          origin + ": legacy registry file: " + key + " must be an object keyed by server name");
    }
    return section.properties();
  }

  /** Copies a value unless it is empty, as Go's {@code omitempty} leaves such values out. */
  private static void copy(JsonNode from, String key, ObjectNode to, String as) {
    JsonNode value = from.get(key);
    if (!isEmpty(value)) {
      to.set(as, value);
    }
  }

  private static boolean isEmpty(JsonNode value) {
    return value == null
        || value.isNull()
        || (value.isTextual() && value.textValue().isEmpty())
        || (value.isBoolean() && !value.booleanValue())
        || (value.isNumber() && value.decimalValue().signum() == 0)
        || (value.isContainerNode() && value.isEmpty());
  }

  private static boolean nonEmptyObject(JsonNode node) {
    return node != null && node.isObject() && !node.isEmpty();
  }
}
