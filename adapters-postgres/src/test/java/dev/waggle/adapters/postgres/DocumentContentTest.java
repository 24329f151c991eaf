package dev.waggle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DocumentContentTest {
  private static boolean same(String stored, String written) {
    return DocumentContent.same(stored, written, "io.x/a 1.0.0");
  }

  @Test
  void keyOrderSpacingAndTheSpellingOfANumberAreNotContent() {
    assertThat(
            same(
                "{\"a\":1,\"b\":{\"c\":[1.5,true,null]}}",
                "{ \"b\" : { \"c\" : [ 15e-1, true, null ] }, \"a\" : 1.00 }"))
        .isTrue();
  }

  @Test
  void aRepeatedKeyCountsWithItsLastValueAsJsonbKeepsIt() {
    assertThat(same("{\"a\":2}", "{\"a\":1,\"a\":2}")).isTrue();
    assertThat(same("{\"a\":1}", "{\"a\":1,\"a\":2}")).isFalse();
  }

  @Test
  void valuesArrayOrderTypesAndKeysAreContent() {
    assertThat(same("{\"a\":[1,2]}", "{\"a\":[2,1]}")).isFalse();
    assertThat(same("{\"a\":1}", "{\"a\":\"1\"}")).isFalse();
    assertThat(same("{\"a\":1}", "{\"a\":1,\"b\":null}")).isFalse();
    assertThat(same("{\"a\":\"x\"}", "{\"a\":\"X\"}")).isFalse();
    assertThat(same("{\"a\":0.1}", "{\"a\":0.10000000000000001}")).isFalse();
  }

  @Test
  void aDocumentThatIsNotJsonIsRefusedNamingTheVersion() {
    assertThatThrownBy(() -> same("{}", "{\"a\": oops}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the document of io.x/a 1.0.0 is not json: ");
    assertThatThrownBy(() -> DocumentContent.check("{} {}", "io.x/a 1.0.0"))
        .hasMessage(
            "the document of io.x/a 1.0.0 is not json: unexpected content after the JSON value");
    assertThatThrownBy(() -> DocumentContent.check("{\"a\": [1, }", "io.x/a 1.0.0"))
        .hasMessageStartingWith("the document of io.x/a 1.0.0 is not json: ");
    assertThatThrownBy(() -> DocumentContent.check("  ", "io.x/a 1.0.0"))
        .hasMessage("the document of io.x/a 1.0.0 is not json: it is empty");
    assertThatCode(
            () -> DocumentContent.check("{\"a\": [1, {\"b\": \"\\u00e9\"}]}", "io.x/a 1.0.0"))
        .doesNotThrowAnyException();
  }
}
