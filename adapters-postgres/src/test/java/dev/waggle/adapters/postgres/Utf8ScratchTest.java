package dev.waggle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8ScratchTest {
  private static final List<String> TEXTS =
      List.of(
          "",
          "{\"name\":\"io.github.x/y\",\"version\":\"1.0.0\"}",
          "Grüße, 日本語, ñ and an emoji 😀 between \"quotes\" \\ and\ttabs\n",
          "a lone high surrogate at the end \uD83D",
          "a lone low surrogate \uDE00 in the middle",
          "two highs \uD83D\uD83D then a pair \uD83D\uDE00",
          "x".repeat(20_000) + "é",
          "\u0000 and \uFFFF and \u07FF and \u0800");

  @Test
  void givenAnyTextWhenEncodedThenTheBytesAreThoseOfGetBytes() {
    Utf8Scratch utf8 = new Utf8Scratch();
    for (String text : TEXTS) {
      utf8.encode(text);
      assertThat(Arrays.copyOf(utf8.bytes(), utf8.length()))
          .as(text)
          .isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void givenABuilderWhenEncodedThenTheBytesAreThoseOfItsText() {
    Utf8Scratch utf8 = new Utf8Scratch();
    for (String text : TEXTS) {
      utf8.encode(new StringBuilder(text));
      assertThat(Arrays.copyOf(utf8.bytes(), utf8.length()))
          .as(text)
          .isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void givenALongTextThenAShortOneWhenEncodedThenNothingOfTheLongOneIsCounted() {
    Utf8Scratch utf8 = new Utf8Scratch();
    utf8.encode("日本語".repeat(1000));
    utf8.encode("ab");

    assertThat(utf8.length()).isEqualTo(2);
    assertThat(Arrays.copyOf(utf8.bytes(), utf8.length())).containsExactly('a', 'b');
  }
}
