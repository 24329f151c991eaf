package dev.waggle.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Test helper: JSON Schemas taken out of an OpenAPI 3.1 document, with {@code
 * #/components/schemas/...} references resolved by embedding the document's components.
 */
final class OpenApiSchemas {
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder ->
              builder.schemaRegistryConfig(
                  SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

  final JsonNode document;

  private OpenApiSchemas(JsonNode document) {
    this.document = document;
  }

  static OpenApiSchemas read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waggle's own document, as packaged. */
  static OpenApiSchemas waggle() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(OpenApiDocument.RESOURCE)) {
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static OpenApiSchemas read(InputStream in) throws IOException {
    return new OpenApiSchemas(new YAMLMapper().readTree(in));
  }

  Schema component(String name) {
    ObjectNode schema = RunningApi.JSON.createObjectNode();
    schema.put("$ref", "#/components/schemas/" + name);
    return compile(schema);
  }

  /** The schema of a GET operation's response, following a reference to a shared response. */
  Schema response(String path, int status, String mediaType) {
    JsonNode response = document.at(pointer("paths", path, "get", "responses", "" + status));
    JsonNode ref = response.get("$ref");
    if (ref != null) {
      response = document.at(ref.asText().substring(1));
    }
    JsonNode schema = response.at(pointer("content", mediaType, "schema"));
    if (schema.isMissingNode()) {
      throw new AssertionError("no " + mediaType + " schema for GET " + path + " " + status);
    }
    return compile(schema.deepCopy());
  }

  static List<String> errors(Schema schema, JsonNode instance) {
    return schema.validate(instance).stream().map(Object::toString).toList();
  }

  private Schema compile(JsonNode schema) {
    ObjectNode root = RunningApi.JSON.createObjectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.setAll((ObjectNode) schema);
    root.set("components", document.get("components"));
    return REGISTRY.getSchema(root);
  }

  private static String pointer(String... segments) {
    StringBuilder pointer = new StringBuilder();
    for (String segment : segments) {
      pointer.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }
}
