package dev.waggle.adapters.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * HTTP adapter helper: the one table that names the audit event of each public route, by method and
 * route template as Javalin matched it, with the target fields its path parameters fill. The names
 * are ToolHive's and stable (renaming one breaks someone's SIEM rule); a route missing here is not
 * audited, and a row whose route is not served never matches.
 */
final class AuditRoutes {
  static final String UNAUTHENTICATED = "auth.unauthenticated";

  /** Placeholders in route templates, Javalin's {@code {name}} and {@code <name>} alike. */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}/]*}|<[^>/]*>");

  /**
   * One audited route.
   *
   * @param event the event type, or the update event of an upsert
   * @param onCreate for a {@code PUT} upsert, the event when it answers 201; else empty
   * @param fields the target field each placeholder of the template fills, in path order
   */
  record Route(
      String method,
      String template,
      String event,
      Optional<String> onCreate,
      String resourceType,
      List<String> fields) {
    /** ToolHive's upsert rule: 201 is a create, any other status (errors too) an update. */
    String eventFor(int status) {
      return status == 201 && onCreate.isPresent() ? onCreate.get() : event;
    }
  }

  /** An audited request: its route and the target fields its path gave. */
  record Match(Route route, Map<String, String> target) {}

  private static final Map<String, Route> ROUTES = table();

  private AuditRoutes() {}

  private static Map<String, Route> table() {
    List<Route> rows = new ArrayList<>();
    for (String prefix : List.of("", "/registry/{registry_name}")) {
      for (String version : JavalinListeners.API_VERSIONS) {
        String servers = prefix + version + "/servers";
        rows.add(read(servers, "server.list", "server"));
        rows.add(read(servers + "/{resource_name}/versions", "server.versions.list", "server"));
        rows.add(
            read(servers + "/{resource_name}/versions/{version}", "server.version.read", "server"));
      }
    }
    for (String kind : List.of("skill", "plugin")) {
      String list = "/registry/{registry_name}/v0.1/x/dev.toolhive/" + kind + "s";
      String one = list + "/{namespace}/{resource_name}";
      rows.add(read(list, kind + ".list", kind));
      rows.add(read(one, kind + ".read", kind));
      rows.add(read(one + "/versions", kind + ".versions.list", kind));
      rows.add(read(one + "/versions/{version}", kind + ".version.read", kind));
    }
    rows.add(read("/v1/me", "user.info", "user"));
    rows.add(read("/v1/sources", "source.list", "source"));
    rows.add(read("/v1/sources/{resource_name}", "source.read", "source"));
    rows.add(upsert("/v1/sources/{resource_name}", "source.create", "source.update", "source"));
    rows.add(write("DELETE", "/v1/sources/{resource_name}", "source.delete", "source"));
    rows.add(read("/v1/sources/{resource_name}/entries", "source.entries.list", "source"));
    // Waggle's own route: ToolHive has no on-demand sync.
    rows.add(write("POST", "/v1/sources/{resource_name}/sync", "source.sync", "source"));
    rows.add(read("/v1/registries", "registry.list", "registry"));
    rows.add(read("/v1/registries/{resource_name}", "registry.read", "registry"));
    rows.add(
        upsert("/v1/registries/{resource_name}", "registry.create", "registry.update", "registry"));
    rows.add(write("DELETE", "/v1/registries/{resource_name}", "registry.delete", "registry"));
    rows.add(read("/v1/registries/{resource_name}/entries", "registry.entries.list", "registry"));
    rows.add(write("POST", "/v1/entries", "entry.publish", "entry"));
    String entry = "/v1/entries/{entry_type}/{resource_name}";
    rows.add(write("DELETE", entry + "/versions/{version}", "entry.delete", "entry"));
    rows.add(read(entry + "/claims", "entry.claims.read", "entry"));
    rows.add(write("PUT", entry + "/claims", "entry.claims.update", "entry"));

    Map<String, Route> byKey = new HashMap<>();
    for (Route row : rows) {
      byKey.put(key(row.method(), row.template()), row);
    }
    return Collections.unmodifiableMap(byKey);
  }

  private static Route read(String template, String event, String resourceType) {
    return write("GET", template, event, resourceType);
  }

  private static Route write(String method, String template, String event, String resource) {
    return new Route(method, template, event, Optional.empty(), resource, fields(template));
  }

  private static Route upsert(String template, String onCreate, String onUpdate, String resource) {
    return new Route("PUT", template, onUpdate, Optional.of(onCreate), resource, fields(template));
  }

  private static List<String> fields(String template) {
    List<String> fields = new ArrayList<>();
    var m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      fields.add(m.group().substring(1, m.group().length() - 1));
    }
    return List.copyOf(fields);
  }

  /** Every event type an audit line can carry. */
  static Set<String> eventTypes() {
    Set<String> names = new LinkedHashSet<>();
    for (Route route : ROUTES.values()) {
      route.onCreate().ifPresent(names::add);
      names.add(route.event());
    }
    names.add(UNAUTHENTICATED);
    return Set.copyOf(names);
  }

  /**
   * The audited route of a request, if any.
   *
   * @param method the request's method; {@code HEAD} is audited as the {@code GET} it mirrors
   * @param template the route template Javalin matched
   * @param rawPath the request path as sent, still percent-encoded
   */
  static Optional<Match> match(String method, String template, String rawPath) {
    Route route = ROUTES.get(key(method.equals("HEAD") ? "GET" : method, template));
    if (route == null) {
      return Optional.empty();
    }
    Map<String, String> target = new LinkedHashMap<>();
    target.put("resource_type", route.resourceType());
    // Placeholders never span a slash, so the path's segments line up with the template's.
    String[] shape = shape(route.template()).split("/", -1);
    String[] segments = rawPath.split("/", -1);
    int field = 0;
    for (int i = 0; i < shape.length && i < segments.length; i++) {
      if (shape[i].equals("{}")) {
        String value = decode(segments[i]);
        if (!value.isEmpty()) {
          target.put(route.fields().get(field), value);
        }
        field++;
      }
    }
    return Optional.of(new Match(route, target));
  }

  private static String key(String method, String template) {
    return method + " " + shape(template);
  }

  /** A template with its placeholders' names dropped: {@code /v1/sources/{}}. */
  private static String shape(String template) {
    return PLACEHOLDER.matcher(template).replaceAll("{}");
  }

  /** Percent-decodes one path segment as UTF-8; a malformed escape is kept as written. */
  static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    StringBuilder text = new StringBuilder();
    ByteArrayOutputStream escaped = new ByteArrayOutputStream();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%' && isHex(segment, i + 1)) {
        escaped.write(Integer.parseInt(segment, i + 1, i + 3, 16));
        i += 2;
      } else {
        text.append(escaped.toString(StandardCharsets.UTF_8)).append(c);
        escaped.reset();
      }
    }
    return text.append(escaped.toString(StandardCharsets.UTF_8)).toString();
  }

  private static boolean isHex(String text, int at) {
    return at + 1 < text.length()
        && Character.digit(text.charAt(at), 16) >= 0
        && Character.digit(text.charAt(at + 1), 16) >= 0;
  }
}
