package dev.waggle.adapters.postgres;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Comparator;

/**
 * Persistence adapter helper: whether a stored document's content moved, decided in the JVM as
 * PostgreSQL's {@code jsonb} equality would decide it — key order, spacing and the spelling of a
 * number ({@code 1.0} or {@code 1.00}) are layout, a repeated key keeps its last value — so that a
 * version row needs its document only once, as the text the source wrote.
 */
final class DocumentContent {
  private static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  // Keys are compared once and dropped: a shared table of every key ever met
                  // (thousands of package names in a big catalog) costs more than it saves.
                  .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                  .build())
          // Exact values, so that 0.1 and 0.10000000000000001 stay different, as in jsonb.
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** Numbers by value, whatever their spelling; every other leaf by its own equality. */
  private static final Comparator<JsonNode> LEAVES =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
      };

  private DocumentContent() {}

  /**
   * Whether two documents hold the same content.
   *
   * @throws IllegalArgumentException when {@code written} is not JSON, naming {@code what}
   */
  static boolean same(String stored, String written, String what) {
    JsonNode before = tree(stored, "the stored document of " + what);
    JsonNode after = tree(written, "the document of " + what);
    return before.equals(LEAVES, after);
  }

  /**
   * Makes sure a document about to be stored is one JSON value, without building its tree.
   *
   * @throws IllegalArgumentException when it is not, naming {@code what}
   */
  static void check(String written, String what) {
    try (JsonParser parser = MAPPER.createParser(written)) {
      if (parser.nextToken() == null) {
        throw notJson("the document of " + what, "it is empty");
      }
      parser.skipChildren();
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        throw notJson("the document of " + what, "unexpected content after the JSON value");
      }
    } catch (JsonProcessingException e) {
      throw notJson("the document of " + what, e.getOriginalMessage());
    } catch (IOException e) {
      // Reading a String performs no I/O.
      throw new IllegalStateException("cannot read a document held in memory", e);
    }
  }

  private static JsonNode tree(String text, String what) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw notJson(what, "it is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw notJson(what, e.getOriginalMessage());
    }
  }

  private static IllegalArgumentException notJson(String what, String problem) {
    // A source's parser hands over JSON it read itself: this is a programming error upstream.
    return new IllegalArgumentException(what + " is not json: " + problem);
  }
}
