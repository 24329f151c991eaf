package dev.waggle.domain.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.Claims;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceDefinitionTest {
  private static final SourceName NAME = SourceName.of("catalog");
  private static final SourceDefinition BASE =
      new SourceDefinition(
          NAME,
          SourceKind.File.atPath(Path.of("/data/registry.json")),
          Optional.of(Duration.ofMinutes(5)),
          EntryFilter.NONE,
          Claims.of("org", "acme"));

  private static SourceDefinition with(SourceKind kind, EntryFilter filter, Claims claims) {
    return new SourceDefinition(NAME, kind, BASE.syncInterval(), filter, claims);
  }

  @Test
  void theSyncFingerprintMovesWithEverythingThatShapesTheStoredEntries() {
    EntryFilter acmeOnly =
        new EntryFilter(
            List.of(GlobPattern.compile("include", "io.acme/*")), List.of(), Set.of(), Set.of());
    List<SourceDefinition> variants =
        List.of(
            BASE,
            with(SourceKind.File.atPath(Path.of("/data/other.json")), BASE.filter(), BASE.claims()),
            with(
                SourceKind.File.atUrl(URI.create("https://example.com/registry.json"), null),
                BASE.filter(),
                BASE.claims()),
            with(
                new SourceKind.Api(URI.create("https://registry.example.com"), null),
                BASE.filter(),
                BASE.claims()),
            with(BASE.kind(), acmeOnly, BASE.claims()),
            with(BASE.kind(), BASE.filter(), Claims.of("org", "globex")),
            with(BASE.kind(), BASE.filter(), Claims.NONE));

    assertThat(variants.stream().map(SourceDefinition::syncFingerprint).distinct())
        .hasSize(variants.size());
  }

  @Test
  void theIntervalAndTheOrderOfClaimKeysLeaveTheSyncFingerprintAlone() {
    SourceDefinition slower =
        new SourceDefinition(
            NAME, BASE.kind(), Optional.of(Duration.ofHours(1)), BASE.filter(), BASE.claims());
    LinkedHashMap<String, List<String>> ordered = new LinkedHashMap<>();
    ordered.put("org", List.of("acme"));
    ordered.put("team", List.of("platform"));
    LinkedHashMap<String, List<String>> reversed = new LinkedHashMap<>();
    reversed.put("team", List.of("platform"));
    reversed.put("org", List.of("acme"));

    assertThat(slower.syncFingerprint()).isEqualTo(BASE.syncFingerprint());
    assertThat(with(BASE.kind(), BASE.filter(), new Claims(reversed)).syncFingerprint())
        .isEqualTo(with(BASE.kind(), BASE.filter(), new Claims(ordered)).syncFingerprint());
  }

  @Test
  void theSyncFingerprintDoesNotRevealTheSourceUrl() {
    SourceDefinition withCredentials =
        with(
            SourceKind.File.atUrl(URI.create("https://bot:s3cret@example.com/r.json"), null),
            BASE.filter(),
            BASE.claims());

    assertThat(withCredentials.syncFingerprint()).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void inlineDataChangesTheFingerprintWithoutPuttingTheDataInIt() {
    SourceKind.File first = SourceKind.File.inline("{\"a\": 1}");
    SourceKind.File second = SourceKind.File.inline("{\"a\": 2}");

    assertThat(with(first, BASE.filter(), BASE.claims()).syncFingerprint())
        .isNotEqualTo(with(second, BASE.filter(), BASE.claims()).syncFingerprint());
    assertThat(first.toString()).doesNotContain("\"a\"").contains("data=sha256:");
  }

  @Test
  void aFileSourceHasExactlyOneOfPathUrlAndData() {
    assertThatThrownBy(
            () ->
                new SourceKind.File(
                    Optional.of(Path.of("/r.json")), Optional.empty(), Optional.of("{}"), null))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("exactly one of file.path, file.url and file.data");
    assertThatThrownBy(() -> SourceKind.File.inline("  ")).isInstanceOf(ValidationException.class);
  }
}
