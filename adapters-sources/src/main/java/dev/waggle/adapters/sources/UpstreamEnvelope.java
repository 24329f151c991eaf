package dev.waggle.adapters.sources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.application.port.out.SourceReadException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Source adapter format: the ToolHive "upstream" registry file — {@code version}, {@code
 * meta.last_updated}, {@code data.servers[]} of plain server.json objects, and ToolHive's {@code
 * data.skills[]} and {@code data.plugins[]}. A broken envelope makes the whole file unreadable.
 *
 * @param servers the {@code data.servers} items left in the tree, in file order, not yet checked
 *     (none when the parser took them out one at a time)
 * @param skills the {@code data.skills} items in file order, not yet checked
 * @param plugins the {@code data.plugins} items in file order, not yet checked
 */
record UpstreamEnvelope(List<JsonNode> servers, List<JsonNode> skills, List<JsonNode> plugins) {
  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

  UpstreamEnvelope {
    servers = List.copyOf(servers);
    skills = List.copyOf(skills);
    plugins = List.copyOf(plugins);
  }

  /** Whether a document is in this format: its top-level {@code data} is an object. */
  static boolean matches(JsonNode root) {
    return root.path("data").isObject();
  }

  /**
   * Reads the envelope of a file whose {@code data.servers} items may have been taken out as it was
   * parsed.
   *
   * @param streamed how many items {@code data.servers} held before they were taken out
   */
  static UpstreamEnvelope read(JsonNode root, String origin, int streamed)
      throws SourceReadException {
    JsonNode version = root.get("version");
    if (version == null
        || !version.isTextual()
        || !VERSION.matcher(version.textValue()).matches()) {
      throw broken(origin, "version", version, "must be a version like 1.0.0");
    }
    JsonNode schema = root.get("$schema");
    if (schema != null && !schema.isTextual()) {
      throw broken(origin, "$schema", schema, "must be a string");
    }
    JsonNode meta = root.get("meta");
    if (meta == null || !meta.isObject()) {
      throw broken(origin, "meta", meta, "must be an object with last_updated");
    }
    JsonNode lastUpdated = meta.get("last_updated");
    if (lastUpdated == null || !lastUpdated.isTextual() || !isDateTime(lastUpdated.textValue())) {
      throw broken(origin, "meta.last_updated", lastUpdated, "must be an RFC 3339 date-time");
    }
    JsonNode data = root.get("data");
    List<JsonNode> skills = items(origin, data, "skills");
    List<JsonNode> plugins = items(origin, data, "plugins");
    JsonNode servers = data.get("servers");
    if (servers == null && (!skills.isEmpty() || !plugins.isEmpty())) {
      // A file of skills or plugins alone is a catalog too (ToolHive refuses it).
      return new UpstreamEnvelope(List.of(), skills, plugins);
    }
    if (servers == null || !servers.isArray()) {
      throw broken(origin, "data.servers", servers, "must be an array of server.json objects");
    }
    if (servers.isEmpty() && streamed == 0 && skills.isEmpty() && plugins.isEmpty()) {
      // ToolHive refuses an empty catalog too: an emptied file would silently wipe the source.
      throw new SourceReadException(
          origin
              + ": data.servers is empty; a registry file needs at least one server, skill or"
              + " plugin");
    }
    List<JsonNode> items = new ArrayList<>();
    servers.forEach(items::add);
    return new UpstreamEnvelope(items, skills, plugins);
  }

  private static List<JsonNode> items(String origin, JsonNode data, String key)
      throws SourceReadException {
    JsonNode list = data.get(key);
    if (list == null) {
      return List.of();
    }
    if (!list.isArray()) {
      throw broken(origin, "data." + key, list, "must be an array");
    }
    List<JsonNode> items = new ArrayList<>();
    list.forEach(items::add);
    return items;
  }

  /** RFC 3339 date-time: a full date, time and offset; the T and Z may be lower case. */
  private static boolean isDateTime(String text) {
    try {
      OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static SourceReadException broken(
      String origin, String field, JsonNode found, String rule) {
    String got = found == null ? "it is missing" : "got " + JsonDocuments.abbreviate(found, 80);
    return new SourceReadException(
        origin + ": not a valid upstream registry file: " + field + " " + rule + " (" + got + ")");
  }
}
