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
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waggle.application.port.out.SourceReadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Source adapter helper: reads registry files into JSON trees (keeping numbers as written), the
 * servers of a registry file one at a time with where each lies in the bytes, and gives server
 * documents as compact JSON text.
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

  /**
   * Takes the items of a file's top-level {@code data.servers} array one at a time, as the parser
   * meets them, so that no tree of the whole file is ever built: a registry file of thousands of
   * servers then costs a tree per server, each garbage before the next is read.
   */
  interface ServerSink {
    /**
     * One item of {@code data.servers}.
     *
     * @param index the item's position in the array
     * @param start where the item's text begins in the bytes
     * @param end where the item's text ends in the bytes (exclusive)
     */
    void server(int index, JsonNode server, int start, int end);

    /**
     * Forgets every item taken so far: a later {@code data} or {@code servers} key of the same
     * object replaces the earlier one, as a tree read would.
     */
    void restart();
  }

  /**
   * A parsed file whose {@code data.servers} items went to a {@link ServerSink}.
   *
   * @param root the file's tree; its {@code data.servers}, when that is an array, is left empty
   * @param servers how many items of {@code data.servers} went to the sink
   */
  record StreamedFile(JsonNode root, int servers) {}

  /**
   * Parses a whole file, giving each item of a top-level {@code data.servers} array to {@code sink}
   * instead of keeping it in the tree; everything else is read as {@link #read} would (anything
   * that is not one JSON value names the line and column, a repeated key keeps its last value).
   */
  static StreamedFile readFile(byte[] bytes, String origin, ServerSink sink)
      throws SourceReadException {
    JsonNode root;
    int[] streamed = {0};
    try (JsonParser parser = MAPPER.createParser(bytes)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new SourceReadException(origin + ": the file is empty");
      }
      if (first == JsonToken.START_OBJECT) {
        root = readObject(parser, sink, streamed, 0);
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
    return new StreamedFile(root, streamed[0]);
  }

  /** Parses a whole file into one tree; anything that is not one JSON value names where. */
  static JsonNode read(byte[] bytes, String origin) throws SourceReadException {
    return readFile(bytes, origin, null).root();
  }

  /**
   * Reads the object the parser stands at, as {@link JsonMapper#readTree} would (a repeated key
   * keeps its last value). Depth 0 is the file, 1 its {@code data}: there the items of {@code
   * servers} go to {@code sink}, when there is one, and their count to {@code streamed}.
   */
  private static ObjectNode readObject(
      JsonParser parser, ServerSink sink, int[] streamed, int depth) throws IOException {
    ObjectNode object = NODES.objectNode();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      boolean replaces =
          sink != null
              && ((depth == 0 && name.equals("data")) || (depth == 1 && name.equals("servers")))
              && object.has(name);
      if (replaces) {
        // What the earlier key's servers gave no longer counts.
        sink.restart();
        streamed[0] = 0;
      }
      if (depth == 0 && name.equals("data") && value == JsonToken.START_OBJECT) {
        object.set(name, readObject(parser, sink, streamed, 1));
      } else if (sink != null
          && depth == 1
          && name.equals("servers")
          && value == JsonToken.START_ARRAY) {
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          long start = parser.currentTokenLocation().getByteOffset();
          JsonNode server = VALUES.readTree(parser);
          long end = parser.currentTokenLocation().getByteOffset() + 1;
          sink.server(index++, server, (int) start, (int) end);
        }
        streamed[0] = index;
        object.set(name, NODES.arrayNode());
      } else {
        object.set(name, VALUES.<JsonNode>readTree(parser));
      }
    }
    return object;
  }

  private static String where(JsonLocation at) {
    return at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  /**
   * Cuts the JSON text of a value out of a file's bytes without the whitespace between tokens:
   * keys, strings and numbers exactly as written. One instance serves a whole file, reusing its
   * room for the compact bytes, so that each document costs only its text.
   */
  static final class Compactor {
    private byte[] scratch = new byte[0];

    /** The compact JSON text of {@code bytes[start, end)}. */
    String text(byte[] bytes, int start, int end) {
      int i = start;
      boolean inString = false;
      // A document written without whitespace between its tokens is its own text: no copy first.
      for (; i < end; i++) {
        byte b = bytes[i];
        if (inString) {
          if (b == '\\') {
            i++;
          } else if (b == '"') {
            inString = false;
          }
        } else if (isSpace(b)) {
          break;
        } else {
          inString = b == '"';
        }
      }
      if (i >= end) {
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
      }
      if (scratch.length < end - start) {
        scratch = new byte[Math.max(end - start, 2 * scratch.length)];
      }
      byte[] out = scratch;
      int n = i - start;
      System.arraycopy(bytes, start, out, 0, n);
      // Here i is at whitespace outside any string.
      for (; i < end; i++) {
        byte b = bytes[i];
        if (inString) {
          out[n++] = b;
          if (b == '\\') {
            out[n++] = bytes[++i];
          } else if (b == '"') {
            inString = false;
          }
        } else if (!isSpace(b)) {
          out[n++] = b;
          inString = b == '"';
        }
      }
      return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static boolean isSpace(byte b) {
      return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
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
