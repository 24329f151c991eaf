package dev.waggle.domain.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.catalog.VersionOrder.Candidate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionOrderTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Candidate at(String version, int minute) {
    return at(version, minute, ServerStatus.ACTIVE);
  }

  private static Candidate at(String version, int minute, ServerStatus status) {
    return new Candidate(Version.of(version), T0.plusSeconds(60L * minute), status);
  }

  @ParameterizedTest
  @CsvSource({
    "0.9.9, 1.0.0",
    "1.0.0-alpha, 1.0.0-alpha.1",
    "1.0.0-alpha.1, 1.0.0-alpha.beta",
    "1.0.0-beta.2, 1.0.0-beta.11",
    "1.0.0-rc.1, 1.0.0",
    "1.9.0, 1.10.0",
    "v1.2.3, 1.2.4",
    "2021.11.15, 2022.1.1"
  })
  void semanticVersionsAreOrderedBySemverNotByPublishTime(String older, String newer) {
    // The newer version was published first, so only semver ordering can put it last.
    assertThat(VersionOrder.compare(at(older, 5), at(newer, 1))).isNegative();
    assertThat(VersionOrder.compare(at(newer, 1), at(older, 5))).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0", "1.0.0.0", "2021.03.05", "snapshot", "1.0.0-", "01.2.3"})
  void stringsThatAreNotThreePartSemverAreNotSemantic(String version) {
    assertThat(Version.of(version).semantic()).isEmpty();
  }

  @Test
  void givenTwoNonSemverVersions_whenCompared_thenTheLaterPublishedIsNewer() {
    assertThat(VersionOrder.compare(at("2025-06-18", 1), at("2024-01-01", 2))).isNegative();
  }

  @Test
  void givenSemverAndNonSemver_whenCompared_thenSemverIsNewerWhateverThePublishTime() {
    assertThat(VersionOrder.compare(at("snapshot", 10), at("1.0.0", 1))).isNegative();
  }

  @Test
  void latestIsTheHighestVersionThatIsNotDeleted() {
    List<Candidate> versions =
        List.of(
            at("1.0.0", 1),
            at("1.2.0", 2, ServerStatus.DELETED),
            at("1.1.0", 3, ServerStatus.DEPRECATED));
    assertThat(VersionOrder.latest(versions)).contains(Version.of("1.1.0"));
  }

  @Test
  void whenEveryVersionIsDeletedTheHighestDeletedOneStaysLatest() {
    List<Candidate> versions =
        List.of(at("1.0.0", 1, ServerStatus.DELETED), at("2.0.0", 2, ServerStatus.DELETED));
    assertThat(VersionOrder.latest(versions)).contains(Version.of("2.0.0"));
  }

  @Test
  void givenNonSemverVersions_whenTheNewestIsDeleted_thenTheNewestLiveOneIsLatest() {
    assertThat(
            VersionOrder.latest(
                List.of(
                    at("snapshot-a", 1),
                    at("snapshot-b", 2),
                    at("snapshot-c", 3, ServerStatus.DELETED))))
        .contains(Version.of("snapshot-b"));
  }

  private static Candidate marked(String version, boolean latest, ServerStatus status) {
    return new Candidate(Version.of(version), T0, status, Optional.of(latest));
  }

  @Test
  void givenAnUpstreamThatMarksALowerVersionLatest_whenChosen_thenTheUpstreamDecides() {
    List<Candidate> versions =
        List.of(
            marked("1.0.0", true, ServerStatus.ACTIVE),
            marked("2.0.0", false, ServerStatus.ACTIVE));
    assertThat(VersionOrder.latest(versions)).contains(Version.of("1.0.0"));
  }

  @Test
  void givenAnUpstreamThatMarksNoVersionLatest_whenChosen_thenTheNewestLiveVersionIs() {
    List<Candidate> versions =
        List.of(
            marked("1.0.0", false, ServerStatus.ACTIVE),
            marked("2.0.0", false, ServerStatus.DEPRECATED));
    assertThat(VersionOrder.latest(versions)).contains(Version.of("2.0.0"));
  }

  @Test
  void givenAVersionMarkedLatestThatIsDeletedHere_whenChosen_thenTheNewestLiveVersionIs() {
    // A version the upstream stopped listing is a tombstone here, whatever it said before.
    List<Candidate> versions =
        List.of(
            marked("1.0.0", true, ServerStatus.DELETED),
            marked("0.9.0", false, ServerStatus.ACTIVE),
            marked("0.8.0", false, ServerStatus.ACTIVE));
    assertThat(VersionOrder.latest(versions)).contains(Version.of("0.9.0"));
  }

  @Test
  void givenAnUpstreamThatMarksTwoVersionsLatest_whenChosen_thenTheNewerOfThemIs() {
    List<Candidate> versions =
        List.of(
            marked("1.0.0", true, ServerStatus.ACTIVE),
            marked("1.1.0", true, ServerStatus.ACTIVE),
            marked("3.0.0", false, ServerStatus.ACTIVE));
    assertThat(VersionOrder.latest(versions)).contains(Version.of("1.1.0"));
  }

  @Test
  void noVersionsMeansNoLatest() {
    assertThat(VersionOrder.latest(List.of())).isEqualTo(Optional.empty());
  }

  @Test
  void latestIsReservedAndCannotBeAVersion() {
    assertThatThrownBy(() -> Version.of("latest"))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("version: ");
    assertThat(VersionSelector.parse("latest").isLatest()).isTrue();
    assertThat(VersionSelector.parse("1.0.0").exact()).contains(Version.of("1.0.0"));
  }
}
