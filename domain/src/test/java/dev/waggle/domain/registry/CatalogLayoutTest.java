package dev.waggle.domain.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatalogLayoutTest {
  private static SourceDefinition file(String name) {
    return new SourceDefinition(
        SourceName.of(name),
        SourceKind.File.atPath(Path.of(name + ".json")),
        Optional.of(Duration.ofMinutes(5)),
        EntryFilter.NONE,
        Claims.NONE);
  }

  private static RegistryDefinition registry(String name, String... sources) {
    return new RegistryDefinition(
        RegistryName.of(name), List.of(sources).stream().map(SourceName::of).toList(), Claims.NONE);
  }

  @Test
  void theFirstRegistryIsTheDefaultWhenNoneIsNamed() {
    CatalogLayout layout =
        new CatalogLayout(
            List.of(file("a"), file("b")),
            List.of(registry("all", "a", "b"), registry("b-only", "b")),
            null);
    assertThat(layout.defaultRegistry()).isEqualTo(RegistryName.of("all"));
  }

  @Test
  void aRegistryNamingAnUnknownSourceIsRejectedWithItsKeyPath() {
    assertThatThrownBy(
            () ->
                new CatalogLayout(
                    List.of(file("a")), List.of(registry("all", "a", "missing")), null))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("registries[0].sources[1]: ")
        .hasMessageContaining("missing");
  }

  @Test
  void duplicateSourceNamesAndASecondManagedSourceAreRejected() {
    assertThatThrownBy(
            () ->
                new CatalogLayout(List.of(file("a"), file("a")), List.of(registry("r", "a")), null))
        .hasMessageStartingWith("sources[1].name: ");
    SourceDefinition managed1 =
        new SourceDefinition(
            SourceName.of("m1"), new SourceKind.Managed(), Optional.empty(), null, null);
    SourceDefinition managed2 =
        new SourceDefinition(
            SourceName.of("m2"), new SourceKind.Managed(), Optional.empty(), null, null);
    assertThatThrownBy(
            () ->
                new CatalogLayout(List.of(managed1, managed2), List.of(registry("r", "m1")), null))
        .hasMessageContaining("at most one managed source");
  }

  @Test
  void syncedSourcesNeedAnInterval() {
    assertThatThrownBy(
            () ->
                new SourceDefinition(
                    SourceName.of("a"),
                    SourceKind.File.atPath(Path.of("x.json")),
                    Optional.empty(),
                    null,
                    null))
        .hasMessageStartingWith("syncPolicy.interval: ");
  }

  @Test
  void aDefaultRegistryThatDoesNotExistIsRejected() {
    assertThatThrownBy(
            () ->
                new CatalogLayout(
                    List.of(file("a")), List.of(registry("r", "a")), RegistryName.of("nope")))
        .hasMessageStartingWith("defaultRegistry: ");
  }

  @Test
  void everyCrossReferenceProblemOfAWrittenLayoutIsListedAtOnceWithItsPath() {
    var problems =
        CatalogLayout.problems(
            java.util.Arrays.asList("a", null, "a", "Bad_Name"),
            List.of("all", "all"),
            List.of(List.of("a", "missing", "Bad_Name"), List.of("gone")),
            "nowhere");

    assertThat(problems)
        .extracting(e -> e.field() + ": " + e.reason())
        .containsExactly(
            "sources[2].name: duplicate source name (also used by sources[0])",
            "registries[1].name: duplicate registry name (also used by registries[0])",
            "registries[0].sources[1]: references unknown source \"missing\"; configured sources:"
                + " a, Bad_Name",
            "registries[1].sources[0]: references unknown source \"gone\"; configured sources:"
                + " a, Bad_Name",
            "defaultRegistry: names no configured registry (got \"nowhere\"; configured"
                + " registries: all)");
  }

  @Test
  void aRegistryListsAtLeastOneSourceAndEachOnlyOnce() {
    assertThatThrownBy(() -> RegistryDefinition.checkSources(List.of()))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.reason()).isEqualTo("at least one source is required"));
    assertThatThrownBy(() -> registry("r", "a", "b", "a"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("sources[2]");
              assertThat(e.reason()).isEqualTo("source \"a\" is listed twice");
            });
  }
}
