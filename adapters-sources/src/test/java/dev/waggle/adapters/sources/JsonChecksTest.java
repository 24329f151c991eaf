package dev.waggle.adapters.sources;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonChecksTest {
  @Test
  void aKeyThatIsAnIdentifierIsNamedAfterADot() {
    assertThat(JsonChecks.child("", "packages")).isEqualTo("packages");
    assertThat(JsonChecks.child("remotes[0]", "url")).isEqualTo("remotes[0].url");
    assertThat(JsonChecks.child("x", "$schema")).isEqualTo("x.$schema");
    assertThat(JsonChecks.child("x", "_meta")).isEqualTo("x._meta");
    assertThat(JsonChecks.child("x", "Key_9")).isEqualTo("x.Key_9");
  }

  @Test
  void anyOtherKeyIsNamedInBracketsAndQuotes() {
    assertThat(JsonChecks.child("_meta", "io.github.x/y")).isEqualTo("_meta[\"io.github.x/y\"]");
    assertThat(JsonChecks.child("x", "9lives")).isEqualTo("x[\"9lives\"]");
    assertThat(JsonChecks.child("x", "a-b")).isEqualTo("x[\"a-b\"]");
    assertThat(JsonChecks.child("x", "")).isEqualTo("x[\"\"]");
    assertThat(JsonChecks.child("x", "é")).isEqualTo("x[\"é\"]");
    assertThat(JsonChecks.child("x", "say \"hi\"")).isEqualTo("x[\"say \\\"hi\\\"\"]");
  }
}
