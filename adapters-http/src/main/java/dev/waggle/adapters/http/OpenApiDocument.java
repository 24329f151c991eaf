package dev.waggle.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * HTTP adapter: serves Waggle's own OpenAPI 3.1 document, written by hand and checked in, as YAML
 * and, for ToolHive clients, as JSON.
 */
final class OpenApiDocument {
  static final String RESOURCE = "openapi.yaml";
  private final byte[] yaml;
  private final byte[] json;

  OpenApiDocument() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is not packaged");
      }
      yaml = in.readAllBytes();
      JsonNode tree = new YAMLMapper().readTree(yaml);
      json = JsonBodies.bytes(tree);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the OpenAPI document " + RESOURCE, e);
    }
  }

  void yaml(Context ctx) {
    JsonBodies.contentType(ctx, "application/yaml");
    ctx.status(200).result(yaml);
  }

  void json(Context ctx) {
    JsonBodies.contentType(ctx, JsonBodies.JSON);
    ctx.status(200).result(json);
  }
}
