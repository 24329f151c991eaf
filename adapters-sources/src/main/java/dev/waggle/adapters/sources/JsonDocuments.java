package dev.waggle.adapters.sources;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waggle.application.port.out.SourceReadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Source adapter helper: reads registry files into JSON trees (keeping numbers as written), noting
 * where each server lies in the bytes, and gives server documents as compact JSON text.
 */
final class JsonDocuments {
  static final JsonMapper MAPPER =
      JsonMapper.builder()
          // Documents are stored and served again, so numbers must come back as they were written.
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

  /** Reads one value where a parser stands; what follows it is the caller's to check. */
  private static final ObjectReader VALUES =
      MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonDocuments() {}

  /** Parses a whole file; anything that is not one JSON value names the line and column. */
  static JsonNode read(byte[] bytes, String origin) throws SourceReadException {
    return readFile(bytes, origin).root();
  }

  /**
   * A parsed file and, when it has a top-level {@code data.servers} array, where each of its items
   * lies in the bytes, so that a document can be kept as written instead of written anew.
   *
   * @param servers the {@code [start, end)} byte range of each {@code data.servers} item, in order;
   *     empty when the file has no such array
   */
  record ParsedFile(JsonNode root, List<int[]> servers) {}

  /**
   * Like {@link #read}, also noting the byte range of each {@code data.servers} item. One pass: the
   * tree is built value by value from the same tokens.
   */
  static ParsedFile readFile(byte[] bytes, String origin) throws SourceReadException {
    JsonNode root;
    List<int[]> servers = new ArrayList<>();
    try (JsonParser parser = MAPPER.createParser(bytes)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new SourceReadException(origin + ": the file is empty");
      }
      if (first == JsonToken.START_OBJECT) {
        root = readObject(parser, servers, 0);
      } else {
        root = VALUES.readTree(parser);
      }
      if (parser.nextToken() != null) {
        throw new SourceReadException(
            origin
                + ": invalid JSON"
                + where(parser.currentTokenLocation())
                + ": unexpected content after the end of the JSON document");
      }
    } catch (JsonProcessingException e) {
      // Reading a tree can only mismatch on trailing tokens; Jackson's text names its own types.
      String problem =
          e instanceof MismatchedInputException
              ? "unexpected content after the end of the JSON document"
              : e.getOriginalMessage();
      throw new SourceReadException(
          origin + ": invalid JSON" + where(e.getLocation()) + ": " + problem, e);
    } catch (IOException e) {
      throw new SourceReadException(origin + ": cannot parse JSON: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new SourceReadException(origin + ": the file is empty");
    }
    return new ParsedFile(root, servers);
  }

  /**
   * Reads the object the parser stands at, as {@link JsonMapper#readTree} would (a repeated key
   * keeps its last value). Depth 0 is the file, 1 its {@code data}: there the items of {@code
   * servers} go to {@code servers} with their byte ranges.
   */
  private static ObjectNode readObject(JsonParser parser, List<int[]> servers, int depth)
      throws IOException {
    ObjectNode object = NODES.objectNode();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (depth == 0 && name.equals("data") && value == JsonToken.START_OBJECT) {
        object.set(name, readObject(parser, servers, 1));
      } else if (depth == 1 && name.equals("servers") && value == JsonToken.START_ARRAY) {
        servers.clear();
        ArrayNode items = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          long start = parser.currentTokenLocation().getByteOffset();
          items.add(VALUES.<JsonNode>readTree(parser));
          long end = parser.currentTokenLocation().getByteOffset() + 1;
          servers.add(new int[] {(int) start, (int) end});
        }
        object.set(name, items);
      } else {
        if (depth == 1 && name.equals("servers")) {
          servers.clear();
        }
        object.set(name, VALUES.<JsonNode>readTree(parser));
      }
    }
    return object;
  }

  private static String where(JsonLocation at) {
    return at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  /**
   * The JSON text of {@code bytes[start, end)} without the whitespace between tokens: keys, strings
   * and numbers exactly as written.
   */
  static String compactText(byte[] bytes, int start, int end) {
    byte[] out = new byte[end - start];
    int n = 0;
    boolean inString = false;
    for (int i = start; i < end; i++) {
      byte b = bytes[i];
      if (inString) {
        out[n++] = b;
        if (b == '\\') {
          out[n++] = bytes[++i];
        } else if (b == '"') {
          inString = false;
        }
      } else if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        out[n++] = b;
        inString = b == '"';
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  /** Compact JSON text of a value, or the text itself for a string, cut to {@code max} chars. */
  static String abbreviate(JsonNode node, int max) {
    String text = node.isTextual() ? node.textValue() : compact(node);
    return text.length() > max ? text.substring(0, max - 3) + "..." : text;
  }

  static String compact(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      // A tree read by Jackson always serialises; failing here would be a Jackson bug.
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }
}
