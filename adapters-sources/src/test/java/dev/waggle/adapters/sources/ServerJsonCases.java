package dev.waggle.adapters.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Test fixtures: valid server.json objects and one way to break each rule. */
final class ServerJsonCases {
  private ServerJsonCases() {}

  static final String MINIMAL =
      """
      {"name": "io.github.example/weather", "description": "Weather forecasts", "version": "1.0.0"}
      """;

  /** A server that uses every part of the schema. */
  static final String FULL =
      """
      {
        "$schema": "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
        "name": "io.github.example/weather",
        "title": "Weather",
        "description": "Weather forecasts for any city",
        "version": "1.2.3",
        "websiteUrl": "https://example.com/weather",
        "repository": {"url": "https://github.com/example/weather", "source": "github",
                       "id": "123", "subfolder": "src"},
        "icons": [{"src": "https://example.com/icon.png", "mimeType": "image/png",
                   "sizes": ["48x48", "any"], "theme": "dark"}],
        "packages": [
          {"registryType": "npm", "identifier": "@example/weather", "version": "1.2.3",
           "registryBaseUrl": "https://registry.npmjs.org", "runtimeHint": "npx",
           "transport": {"type": "stdio"},
           "runtimeArguments": [{"type": "named", "name": "--yes", "isRepeated": false}],
           "packageArguments": [{"type": "positional", "valueHint": "city", "format": "string",
                                 "isRequired": true, "choices": ["Oslo", "Lima"]}],
           "environmentVariables": [{"name": "API_KEY", "description": "key", "isSecret": true,
                                     "isRequired": true, "variables": {"x": {"default": "1"}}}]},
          {"registryType": "mcpb",
           "identifier": "https://github.com/example/weather/releases/download/v1/weather.mcpb",
           "fileSha256": "fe333e598595000ae021bd27117db32ec69af6987f507ba7a63c90638ff633ce",
           "transport": {"type": "streamable-http", "url": "http://localhost:{port}/mcp",
                         "headers": [{"name": "X-Key", "value": "{key}"}]}}
        ],
        "remotes": [{"type": "sse", "url": "https://weather.example.com/sse",
                     "headers": [{"name": "Authorization", "isSecret": true}],
                     "variables": {"region": {"choices": ["eu"], "default": "eu"}}}],
        "_meta": {"io.modelcontextprotocol.registry/publisher-provided": {
          "io.github.stacklok": {"https://weather.example.com/sse": {
            "status": "active", "tags": ["weather", "forecast"]}},
          "com.example": {"build": {"tags": ["internal"]}}}}
      }
      """;

  /**
   * One broken rule: {@code pointer} (a JSON pointer into {@link #FULL}) set to {@code json}, or
   * removed when {@code json} is null.
   *
   * @param schemaAlsoRejects false for the registry's own rules that the JSON schema lacks
   */
  record BrokenCase(
      String rule,
      String pointer,
      String json,
      String field,
      String value,
      boolean schemaAlsoRejects) {
    ObjectNode apply() {
      ObjectNode server = (ObjectNode) parse(FULL);
      int slash = pointer.lastIndexOf('/');
      JsonNode parent = server.at(pointer.substring(0, slash));
      String last = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
      if (parent instanceof ArrayNode array) {
        int index = Integer.parseInt(last);
        if (json == null) {
          array.remove(index);
        } else {
          array.set(index, parse(json));
        }
      } else if (json == null) {
        ((ObjectNode) parent).remove(last);
      } else {
        ((ObjectNode) parent).set(last, parse(json));
      }
      return server;
    }

    @Override
    public String toString() {
      return rule;
    }
  }

  static List<BrokenCase> broken() {
    String longName = "io.github.example/" + "a".repeat(183);
    String text101 = "d".repeat(101);
    return List.of(
        rejected("name is required", "/name", null, "name", null),
        rejected("name must be a string", "/name", "5", "name", "5"),
        rejected("name has at least 3 characters", "/name", "\"a/\"", "name", "a/"),
        rejected("name has at most 200 characters", "/name", q(longName), "name", cut(longName)),
        rejected("name has a namespace", "/name", "\"weather\"", "name", "weather"),
        rejected("name has exactly one slash", "/name", "\"io.x/a/b\"", "name", "io.x/a/b"),
        stricter(
            "name parts start with a letter or digit",
            "/name",
            "\"io.github.example/-weather\"",
            "name",
            "io.github.example/-weather"),
        rejected("description is required", "/description", null, "description", null),
        rejected("description is not empty", "/description", "\"\"", "description", ""),
        rejected(
            "description has at most 100 characters",
            "/description",
            q(text101),
            "description",
            text101),
        rejected("version is required", "/version", null, "version", null),
        rejected(
            "version has at most 255 characters",
            "/version",
            q("1".repeat(256)),
            "version",
            cut("1".repeat(256))),
        stricter("version is not latest", "/version", "\"latest\"", "version", "latest"),
        stricter("version is not blank", "/version", "\"\"", "version", ""),
        rejected("title is not empty", "/title", "\"\"", "title", ""),
        rejected("title has at most 100 characters", "/title", q(text101), "title", text101),
        stricter("title is not only whitespace", "/title", "\"   \"", "title", "   "),
        rejected("$schema is a string", "/$schema", "7", "$schema", "7"),
        rejected("websiteUrl is a URI", "/websiteUrl", "\"not a uri\"", "websiteUrl", "not a uri"),
        rejected("repository is an object", "/repository", "\"x\"", "repository", "x"),
        rejected("repository.url is required", "/repository/url", null, "repository.url", null),
        rejected(
            "repository.source is required", "/repository/source", null, "repository.source", null),
        rejected("icons is an array", "/icons", "{}", "icons", "{}"),
        rejected("icon src is required", "/icons/0/src", null, "icons[0].src", null),
        rejected(
            "icon src has at most 255 characters",
            "/icons/0/src",
            q("https://example.com/" + "i".repeat(240)),
            "icons[0].src",
            cut("https://example.com/" + "i".repeat(240))),
        stricter(
            "icon src is https",
            "/icons/0/src",
            "\"http://example.com/i.png\"",
            "icons[0].src",
            "http://example.com/i.png"),
        rejected(
            "icon mimeType is a known image type",
            "/icons/0/mimeType",
            "\"image/gif\"",
            "icons[0].mimeType",
            "image/gif"),
        rejected(
            "icon sizes are WxH or any", "/icons/0/sizes/0", "\"big\"", "icons[0].sizes[0]", "big"),
        rejected(
            "icon theme is light or dark", "/icons/0/theme", "\"blue\"", "icons[0].theme", "blue"),
        rejected("packages is an array", "/packages", "\"x\"", "packages", "x"),
        rejected(
            "package registryType is required",
            "/packages/0/registryType",
            null,
            "packages[0].registryType",
            null),
        rejected(
            "package identifier is required",
            "/packages/0/identifier",
            null,
            "packages[0].identifier",
            null),
        rejected(
            "package transport is required",
            "/packages/0/transport",
            null,
            "packages[0].transport",
            null),
        rejected(
            "package transport type is stdio, streamable-http or sse",
            "/packages/0/transport/type",
            "\"websocket\"",
            "packages[0].transport.type",
            "websocket"),
        rejected(
            "an http package transport needs a url",
            "/packages/1/transport/url",
            null,
            "packages[1].transport.url",
            null),
        rejected(
            "a package transport url is http or https",
            "/packages/1/transport/url",
            "\"ftp://example.com\"",
            "packages[1].transport.url",
            "ftp://example.com"),
        rejected(
            "fileSha256 is 64 lower-case hex digits",
            "/packages/1/fileSha256",
            "\"ABC\"",
            "packages[1].fileSha256",
            "ABC"),
        rejected(
            "package version is not latest",
            "/packages/0/version",
            "\"latest\"",
            "packages[0].version",
            "latest"),
        rejected(
            "package version is not empty",
            "/packages/0/version",
            "\"\"",
            "packages[0].version",
            ""),
        rejected(
            "registryBaseUrl is a URI",
            "/packages/0/registryBaseUrl",
            "\"registry npmjs\"",
            "packages[0].registryBaseUrl",
            "registry npmjs"),
        rejected(
            "runtimeHint is a string",
            "/packages/0/runtimeHint",
            "[\"npx\"]",
            "packages[0].runtimeHint",
            "[\"npx\"]"),
        rejected(
            "argument type is positional or named",
            "/packages/0/packageArguments/0/type",
            "\"flag\"",
            "packages[0].packageArguments[0].type",
            "flag"),
        rejected(
            "a positional argument needs valueHint or value",
            "/packages/0/packageArguments/0/valueHint",
            null,
            "packages[0].packageArguments[0].valueHint",
            null),
        rejected(
            "a named argument needs a name",
            "/packages/0/runtimeArguments/0/name",
            null,
            "packages[0].runtimeArguments[0].name",
            null),
        rejected(
            "an input format is string, number, boolean or filepath",
            "/packages/0/packageArguments/0/format",
            "\"date\"",
            "packages[0].packageArguments[0].format",
            "date"),
        rejected(
            "input choices are strings",
            "/packages/0/packageArguments/0/choices/1",
            "1",
            "packages[0].packageArguments[0].choices[1]",
            "1"),
        rejected(
            "an environment variable needs a name",
            "/packages/0/environmentVariables/0/name",
            null,
            "packages[0].environmentVariables[0].name",
            null),
        rejected(
            "isSecret is a boolean",
            "/packages/0/environmentVariables/0/isSecret",
            "\"yes\"",
            "packages[0].environmentVariables[0].isSecret",
            "yes"),
        rejected(
            "input variables are inputs",
            "/packages/0/environmentVariables/0/variables/x/default",
            "5",
            "packages[0].environmentVariables[0].variables.x.default",
            "5"),
        rejected(
            "a remote is streamable-http or sse",
            "/remotes/0/type",
            "\"stdio\"",
            "remotes[0].type",
            "stdio"),
        rejected("a remote needs a url", "/remotes/0/url", null, "remotes[0].url", null),
        rejected(
            "a remote url has no spaces",
            "/remotes/0/url",
            "\"https://example.com/a b\"",
            "remotes[0].url",
            "https://example.com/a b"),
        rejected(
            "a header needs a name",
            "/remotes/0/headers/0/name",
            null,
            "remotes[0].headers[0].name",
            null),
        rejected(
            "remote variables are inputs",
            "/remotes/0/variables/region/choices/0",
            "1",
            "remotes[0].variables.region.choices[0]",
            "1"),
        rejected("_meta is an object", "/_meta", "\"x\"", "_meta", "x"),
        rejected(
            "publisher-provided is an object",
            "/_meta/io.modelcontextprotocol.registry~1publisher-provided",
            "[]",
            "_meta[\"io.modelcontextprotocol.registry/publisher-provided\"]",
            "[]"));
  }

  static JsonNode parse(String json) {
    try {
      return JsonDocuments.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad test JSON: " + json, e);
    }
  }

  private static BrokenCase rejected(
      String rule, String pointer, String json, String field, String value) {
    return new BrokenCase(rule, pointer, json, field, value, true);
  }

  private static BrokenCase stricter(
      String rule, String pointer, String json, String field, String value) {
    return new BrokenCase(rule, pointer, json, field, value, false);
  }

  /** Rejections quote at most 200 characters of a value. */
  private static String cut(String text) {
    return text.length() > 200 ? text.substring(0, 197) + "..." : text;
  }

  private static String q(String text) {
    return "\"" + text + "\"";
  }
}
