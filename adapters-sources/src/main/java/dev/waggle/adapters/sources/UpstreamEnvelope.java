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
 * meta.last_updated} and {@code data.servers[]} of plain server.json objects (skills and plugins
 * are counted, not read yet). A broken envelope makes the whole file unreadable.
 *
 * @param servers the {@code data.servers} items in file order, not yet checked
 */
record UpstreamEnvelope(List<JsonNode> servers, int skills, int plugins) {
  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

  UpstreamEnvelope {
    servers = List.copyOf(servers);
  }

  /** Whether a document is in this format: its top-level {@code data} is an object. */
  static boolean matches(JsonNode root) {
    return root.path("data").isObject();
  }

  static UpstreamEnvelope read(JsonNode root, String origin) throws SourceReadException {
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
    JsonNode servers = data.get("servers");
    if (servers == null || !servers.isArray()) {
      throw broken(origin, "data.servers", servers, "must be an array of server.json objects");
    }
    if (servers.isEmpty()) {
      // ToolHive refuses an empty catalog too: an emptied file would silently wipe the source.
      throw new SourceReadException(
          origin + ": data.servers is empty; a registry file needs at" + " least one server");
    }
    List<JsonNode> items = new ArrayList<>();
    servers.forEach(items::add);
    return new UpstreamEnvelope(
        items, count(origin, data, "skills"), count(origin, data, "plugins"));
  }

  private static int count(String origin, JsonNode data, String key) throws SourceReadException {
    JsonNode list = data.get(key);
    if (list == null) {
      return 0;
    }
    if (!list.isArray()) {
      throw broken(origin, "data." + key, list, "must be an array");
    }
    return list.size();
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
