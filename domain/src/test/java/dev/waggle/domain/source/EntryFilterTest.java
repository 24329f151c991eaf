package dev.waggle.domain.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.domain.ValidationException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntryFilterTest {

  @ParameterizedTest
  @CsvSource({
    "io.github.stacklok/*, io.github.stacklok/fetch, true",
    "*fetch*, io.github.stacklok/fetch-v2, true",
    "io.github.*, io.github.acme/x, true",
    "io.github.?cme/x, io.github.acme/x, true",
    "io.github.[ab]cme/x, io.github.acme/x, true",
    "io.github.[!a]cme/x, io.github.acme/x, false",
    "io.github.[a-c]cme/x, io.github.bcme/x, true",
    "*/weather, io.github.acme/weather-pro, false",
    "io.github.acme/w+ather, io.github.acme/weather, false",
    "io.github.acme/w.ather, io.github.acme/weather, false",
    "'io.github.acme/{weather,axb}', io.github.acme/weather, true",
    "'io.github.acme/{weather,axb}', io.github.acme/axb, true",
    "'io.github.acme/{weather,axb}', io.github.acme/other, false",
    "'io.github.{acme,other}/*-v?', io.github.other/x-v2, true",
    "'a/b,c', 'a/b,c', true"
  })
  void globsMatchWholeNamesAndStarCrossesTheSlash(String glob, String name, boolean matches) {
    assertThat(GlobPattern.compile("filter.names.include[0]", glob).matches(name))
        .isEqualTo(matches);
  }

  @Test
  void anUnclosedCharacterClassIsRejectedWithItsKeyPath() {
    assertThatThrownBy(() -> GlobPattern.compile("sources[1].filter.names.include[0]", "io.[abc"))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("sources[1].filter.names.include[0]: ")
        .hasMessageContaining("io.[abc");
  }

  @Test
  void unbalancedAlternativesAreRejected() {
    assertThatThrownBy(() -> GlobPattern.compile("f", "io.github/{a,b"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("not closed");
    assertThatThrownBy(() -> GlobPattern.compile("f", "io.github/a}"))
        .hasMessageContaining("no opening");
    assertThatThrownBy(() -> GlobPattern.compile("f", "{a,{b}}")).hasMessageContaining("nested");
  }

  @Test
  void exclusionWinsOverInclusion() {
    EntryFilter filter =
        new EntryFilter(
            List.of(GlobPattern.compile("i", "io.github.stacklok/*")),
            List.of(GlobPattern.compile("e", "*/fetch")),
            Set.of(),
            Set.of());
    assertThat(filter.accepts("io.github.stacklok/github", Set.of())).isTrue();
    assertThat(filter.accepts("io.github.stacklok/fetch", Set.of())).isFalse();
    assertThat(filter.accepts("io.github.other/github", Set.of())).isFalse();
  }

  @Test
  void tagsMustMatchAnIncludedTagAndNoExcludedTag() {
    EntryFilter filter =
        new EntryFilter(List.of(), List.of(), Set.of("web", "search"), Set.of("deprecated"));
    assertThat(filter.accepts("a/b", Set.of("web"))).isTrue();
    assertThat(filter.accepts("a/b", Set.of("web", "deprecated"))).isFalse();
    assertThat(filter.accepts("a/b", Set.of("database"))).isFalse();
    assertThat(filter.accepts("a/b", Set.of())).isFalse();
  }

  @Test
  void anEmptyFilterAcceptsEverything() {
    assertThat(EntryFilter.NONE.accepts("a/b", Set.of("x"))).isTrue();
  }

  @Test
  void theFingerprintChangesWhenTheFilterMeaningChanges() {
    EntryFilter a =
        new EntryFilter(List.of(GlobPattern.compile("i", "a/*")), List.of(), Set.of(), Set.of());
    EntryFilter sameMeaning =
        new EntryFilter(List.of(GlobPattern.compile("x", "a/*")), List.of(), Set.of(), Set.of());
    EntryFilter other =
        new EntryFilter(List.of(), List.of(GlobPattern.compile("i", "a/*")), Set.of(), Set.of());
    assertThat(a.fingerprint())
        .isEqualTo(sameMeaning.fingerprint())
        .isNotEqualTo(other.fingerprint());
  }
}
