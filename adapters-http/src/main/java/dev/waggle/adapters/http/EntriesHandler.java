package dev.waggle.adapters.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waggle.adapters.http.ProblemJson.ProblemDetailJson;
import dev.waggle.application.port.in.PublishEntries;
import dev.waggle.application.port.in.PublishedEntry;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.EntryType;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * HTTP adapter: the admin routes of the managed source — {@code POST /v1/entries} (publish a
 * server, skill or plugin), {@code DELETE /v1/entries/{type}/{name}/versions/{version}} and {@code
 * GET}/{@code PUT /v1/entries/{type}/{name}/claims} — mapping bodies and paths to the {@link
 * PublishEntries} use case, which holds every rule.
 */
final class EntriesHandler {
  static final String ENTRIES = "/v1/entries";
  static final String VERSION = "/v1/entries/{type}/{name}/versions/{version}";
  static final String CLAIMS = "/v1/entries/{type}/{name}/claims";

  private static final List<String> MEMBERS = List.of("server", "skill", "plugin");

  private final PublishEntries publish;

  EntriesHandler(PublishEntries publish) {
    this.publish = Objects.requireNonNull(publish, "'publish' must not be null");
  }

  void publish(Context ctx) {
    SourceSyncHandler.refuseCrossOrigin(ctx);
    String text = RequestBodies.text(ctx);
    JsonNode body = RequestBodies.object(text);
    List<String> given = new ArrayList<>();
    for (String member : MEMBERS) {
      if (body.hasNonNull(member)) {
        given.add(member);
      }
    }
    if (given.size() != 1) {
      throw invalid(
          "body",
          given.isEmpty() ? null : String.join(", ", given),
          given.isEmpty()
              ? "one of server, skill or plugin is required"
              : "only one of server, skill or plugin may be given");
    }
    String member = given.get(0);
    if (!body.get(member).isObject()) {
      throw invalid(
          "body." + member, body.get(member).getNodeType().toString(), "must be an object");
    }
    Claims claims = claims(body);
    EntryType type = EntryType.parse("body", member);
    PublishedEntry published =
        publish.publish(type, rawMember(text, member), claims, Authentication.domainCaller(ctx));
    SourcesHandler.noStore(ctx);
    if (type == EntryType.SERVER) {
      // The server.json exactly as stored and served, not wrapped, as ToolHive answers.
      JsonBodies.contentType(ctx, JsonBodies.JSON);
      ctx.status(201).result(published.document());
      return;
    }
    JsonBodies.write(ctx, 201, serviceShape(published));
  }

  void delete(Context ctx) {
    EntryType type = type(ctx);
    publish.delete(
        type, ctx.pathParam("name"), ctx.pathParam("version"), Authentication.domainCaller(ctx));
    ctx.status(204);
  }

  void claims(Context ctx) {
    EntryType type = type(ctx);
    Claims claims = publish.claims(type, ctx.pathParam("name"), Authentication.domainCaller(ctx));
    SourcesHandler.noStore(ctx);
    JsonBodies.write(ctx, 200, new ClaimsJson(new TreeMap<>(claims.values())));
  }

  void changeClaims(Context ctx) {
    SourceSyncHandler.refuseCrossOrigin(ctx);
    EntryType type = type(ctx);
    JsonNode body = RequestBodies.object(RequestBodies.text(ctx));
    publish.changeClaims(
        type, ctx.pathParam("name"), claims(body), Authentication.domainCaller(ctx));
    ctx.status(204);
  }

  private static EntryType type(Context ctx) {
    return EntryType.parse("path.type", ctx.pathParam("type"));
  }

  /**
   * The {@code claims} member: absent, null or {@code {}} for none; each value a string or a list
   * of strings, else a 400 naming the claim ({@code claims.team}).
   */
  private static Claims claims(JsonNode body) {
    JsonNode claims = body.get("claims");
    if (claims == null || claims.isNull()) {
      return Claims.NONE;
    }
    if (!claims.isObject()) {
      throw invalid("body.claims", claims.toString(), "must be an object of claim names to values");
    }
    Map<String, Object> raw = new LinkedHashMap<>();
    claims
        .properties()
        .forEach(
            e ->
                raw.put(
                    e.getKey(), RequestBodies.mapper().convertValue(e.getValue(), Object.class)));
    return Claims.fromUntyped("claims", raw);
  }

  /**
   * The text of one top-level member of {@code body} exactly as the client wrote it: a server's
   * document is served as its author wrote it, key order and all.
   */
  private static String rawMember(String body, String member) {
    try (JsonParser parser = RequestBodies.mapper().createParser(body)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals(member) && value == JsonToken.START_OBJECT) {
          int start = (int) parser.currentTokenLocation().getCharOffset();
          parser.skipChildren();
          int end = (int) parser.currentLocation().getCharOffset();
          return body.substring(start, end);
        }
        parser.skipChildren();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot re-read a body that parsed before", e);
    }
    throw new IllegalStateException("member " + member + " vanished from the body");
  }

  /** ToolHive's service shape of a skill or plugin: the document plus what the store says of it. */
  private static ObjectNode serviceShape(PublishedEntry published) {
    ObjectNode shape;
    try {
      shape = (ObjectNode) RequestBodies.mapper().readTree(published.document());
    } catch (IOException e) {
      throw new UncheckedIOException("a stored document is not JSON", e);
    }
    shape.put("id", published.id());
    shape.put("isLatest", published.latest());
    shape.put("createdAt", Rfc3339.format(published.createdAt()));
    shape.put("updatedAt", Rfc3339.format(published.updatedAt()));
    return shape;
  }

  private static InvalidRequestException invalid(String location, String value, String message) {
    return new InvalidRequestException(List.of(new ProblemDetailJson(location, value, message)));
  }

  /** HTTP adapter DTO: the body of {@code GET} and {@code PUT /v1/entries/{type}/{name}/claims}. */
  record ClaimsJson(Map<String, List<String>> claims) {}
}
