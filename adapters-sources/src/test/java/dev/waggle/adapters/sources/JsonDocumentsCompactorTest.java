package dev.waggle.adapters.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonDocumentsCompactorTest {
  /** Keys, escapes, multi-byte text and number spellings that must all come back as written. */
  private static final String COMPACT =
      "{\"name\":\"io.github.x/y\",\"say\":\"he said \\\"hi\\\" \\\\ \\\\\",\"tab\":\"a\\tb\","
          + "\"text\":\"Grüße, 日本語 and 😀\",\"n\":[1.0,1.00,-0,2e10,1E-3],\"ok\":true,"
          + "\"none\":null,\"spaced key\":\"  kept  \"}";

  private static final String PRETTY =
      "{\n"
          + "  \"name\" : \"io.github.x/y\",\r\n"
          + "\t\"say\": \"he said \\\"hi\\\" \\\\ \\\\\" ,\n"
          + "  \"tab\" :\"a\\tb\",\n"
          + "  \"text\": \"Grüße, 日本語 and 😀\",\n"
          + "  \"n\": [ 1.0, 1.00 ,\n -0,\t2e10 , 1E-3 ],\n"
          + "  \"ok\": true, \"none\" : null,\n"
          + "  \"spaced key\" : \"  kept  \"\n"
          + "}";

  @Test
  void aDocumentWithoutWhitespaceBetweenTokensComesBackAsWritten() {
    assertThat(text(new JsonDocuments.Compactor(), COMPACT)).isEqualTo(COMPACT);
  }

  @Test
  void aPrettyPrintedDocumentLosesOnlyTheWhitespaceBetweenTokens() {
    assertThat(text(new JsonDocuments.Compactor(), PRETTY)).isEqualTo(COMPACT);
  }

  @Test
  void onlyTheGivenSliceOfTheBytesIsRead() {
    String file = "{\"data\":{\"servers\":[ " + PRETTY + " , " + COMPACT + " ]}}";
    byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
    int first = indexOf(bytes, PRETTY, 0);
    int second = indexOf(bytes, COMPACT, first);
    JsonDocuments.Compactor compactor = new JsonDocuments.Compactor();

    assertThat(compactor.text(bytes, first, first + utf8Length(PRETTY))).isEqualTo(COMPACT);
    assertThat(compactor.text(bytes, second, second + utf8Length(COMPACT))).isEqualTo(COMPACT);
  }

  @Test
  void aStringEndingInAnEscapedBackslashEndsThere() {
    assertThat(text(new JsonDocuments.Compactor(), "{ \"a\\\\\" : \"b\\\\\" , \"c\" : 1 }"))
        .isEqualTo("{\"a\\\\\":\"b\\\\\",\"c\":1}");
  }

  @Test
  void oneCompactorCutsManyDocumentsOfAnySizeWithoutLeavingAnythingOfTheLastOne() {
    JsonDocuments.Compactor compactor = new JsonDocuments.Compactor();
    String big = "{ \"x\" : \"" + "y".repeat(5000) + "\" }";

    assertThat(text(compactor, big)).isEqualTo("{\"x\":\"" + "y".repeat(5000) + "\"}");
    assertThat(text(compactor, "[ 1 ]")).isEqualTo("[1]");
    assertThat(text(compactor, PRETTY)).isEqualTo(COMPACT);
    assertThat(text(compactor, "\"a b\"")).isEqualTo("\"a b\"");
    assertThat(text(compactor, " { } ")).isEqualTo("{}");
  }

  private static String text(JsonDocuments.Compactor compactor, String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return compactor.text(bytes, 0, bytes.length);
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static int indexOf(byte[] bytes, String text, int from) {
    byte[] wanted = text.getBytes(StandardCharsets.UTF_8);
    outer:
    for (int i = from; i <= bytes.length - wanted.length; i++) {
      for (int j = 0; j < wanted.length; j++) {
        if (bytes[i + j] != wanted[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found: " + text);
  }
}
