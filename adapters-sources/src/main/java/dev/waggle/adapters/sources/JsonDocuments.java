package dev.waggle.adapters.sources;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.waggle.application.port.out.SourceReadException;
import java.io.IOException;

/**
 * Source adapter helper: reads registry files into JSON trees (keeping numbers as written) and
 * writes server documents back as compact JSON text.
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

  private JsonDocuments() {}

  /** Parses a whole file; anything that is not one JSON value names the line and column. */
  static JsonNode read(byte[] bytes, String origin) throws SourceReadException {
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      // Reading a tree can only mismatch on trailing tokens; Jackson's text names its own types.
      String problem =
          e instanceof MismatchedInputException
              ? "unexpected content after the end of the JSON document"
              : e.getOriginalMessage();
      throw new SourceReadException(origin + ": invalid JSON" + where + ": " + problem, e);
    } catch (IOException e) {
      throw new SourceReadException(origin + ": cannot parse JSON: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new SourceReadException(origin + ": the file is empty");
    }
    return root;
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
