package dev.waggle.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeySuggestionTest {
  private static final List<String> TOP_LEVEL =
      List.of("sources", "registries", "defaultRegistry", "database", "auth", "audit", "telemetry");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "databse, database", // a letter left out
    "registires, registries", // two letters swapped
    "sourcse, sources",
    "telemtry, telemetry",
    "DataBase, database", // case alone
    "default_registry, defaultRegistry", // another way to write the words
    "defaultregistery, defaultRegistry",
    "audti, audit"
  })
  void aSlipOfTheFingersIsTracedToTheKeyMeant(String typed, String meant) {
    assertThat(KeySuggestion.closest(typed, TOP_LEVEL)).contains(meant);
  }

  @Test
  void theSyncPolicyAndFileKeysAreFoundToo() {
    assertThat(KeySuggestion.closest("intreval", List.of("interval"))).contains("interval");
    assertThat(KeySuggestion.closest("sync_policy", List.of("name", "file", "syncPolicy")))
        .contains("syncPolicy");
    assertThat(KeySuggestion.closest("paths", List.of("path", "url", "timeout", "data")))
        .contains("path");
  }

  @ParameterizedTest
  @CsvSource({"registryName", "jitter", "metadata", "version", "x", "db", "autho2"})
  void anUnrelatedKeyHasNoSuggestion(String typed) {
    assertThat(KeySuggestion.closest(typed, TOP_LEVEL)).isEmpty();
  }

  @Test
  void shortKeysAreNotGuessedFrom() {
    // "app" is one letter from "api", but three letters say too little to call it a typo.
    assertThat(KeySuggestion.closest("app", List.of("api", "git"))).isEmpty();
  }

  @Test
  void theClosestOfSeveralCandidatesWins() {
    // One edit from interval, two from internal: both close enough, the nearer one is meant.
    assertThat(KeySuggestion.closest("intervall", List.of("internal", "interval")))
        .contains("interval");
    assertThat(KeySuggestion.closest("internl", List.of("interval", "internal")))
        .contains("internal");
  }

  @Test
  void aTranspositionCostsOneEdit() {
    assertThat(KeySuggestion.distance("intreval", "interval")).isEqualTo(1);
    assertThat(KeySuggestion.distance("database", "database")).isZero();
    assertThat(KeySuggestion.distance("", "auth")).isEqualTo(4);
    assertThat(KeySuggestion.distance("kitten", "sitting")).isEqualTo(3);
  }
}
