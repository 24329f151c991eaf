package dev.waggle.adapters.postgres;

import static dev.waggle.adapters.postgres.TestCatalog.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.UpstreamMeta;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.registry.RegistryName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LatestVersionTest extends OneSourceRegistryTest {
  @Test
  void theHighestSemanticVersionIsLatestWhateverTheOrderOfTheSource() {
    catalog.replace(
        "files",
        server("io.x/a", "1.10.0"),
        server("io.x/a", "2.0.0-rc.1"),
        server("io.x/a", "1.9.0"),
        server("io.x/a", "v1.2.0"));

    assertThat(latest("io.x/a")).isEqualTo("2.0.0-rc.1");

    catalog.replace(
        "files",
        server("io.x/a", "1.10.0"),
        server("io.x/a", "2.0.0-rc.1"),
        server("io.x/a", "2.0.0"),
        server("io.x/a", "1.9.0"));

    assertThat(latest("io.x/a")).isEqualTo("2.0.0");
  }

  @Test
  void amongVersionsThatAreNotSemanticTheOnePublishedLastIsLatest() {
    catalog.replace("files", server("io.x/nightly", "snapshot-b"));
    catalog.replace(
        "files", server("io.x/nightly", "snapshot-b"), server("io.x/nightly", "snapshot-a"));

    assertThat(latest("io.x/nightly")).isEqualTo("snapshot-a");
  }

  @Test
  void aSemanticVersionBeatsAVersionThatIsNotEvenWhenPublishedEarlier() {
    catalog.replace("files", server("io.x/mixed", "1.0.0"));
    catalog.replace(
        "files", server("io.x/mixed", "1.0.0"), server("io.x/mixed", "2025-06-18-final"));

    assertThat(latest("io.x/mixed")).isEqualTo("1.0.0");
  }

  @Test
  void deletedVersionsAreNotLatestUnlessEveryVersionIsDeleted() {
    catalog.replace(
        "files",
        server("io.x/partly", "1.0.0", ServerStatus.DEPRECATED),
        server("io.x/partly", "2.0.0", ServerStatus.DELETED),
        server("io.x/gone", "1.0.0", ServerStatus.DELETED),
        server("io.x/gone", "1.1.0", ServerStatus.DELETED));

    assertThat(latest("io.x/partly")).isEqualTo("1.0.0");
    assertThat(latest("io.x/gone")).isEqualTo("1.1.0");
    assertThat(
            catalog.findVersion(
                RegistryName.of("main"),
                ServerName.of("io.x/gone"),
                VersionSelector.LATEST,
                false,
                Caller.anonymous()))
        .isEmpty();
  }

  @Test
  void versionsDroppedByTheSourceCountAsDeletedWhenChoosingTheLatest() {
    catalog.replace(
        "files",
        server("io.x/a", "1.0.0"),
        server("io.x/a", "2.0.0-beta", ServerStatus.DEPRECATED),
        server("io.x/a", "2.0.0"));

    catalog.replace(
        "files",
        server("io.x/a", "1.0.0"),
        server("io.x/a", "2.0.0-beta", ServerStatus.DEPRECATED));

    assertThat(latest("io.x/a")).isEqualTo("2.0.0-beta");

    catalog.replace("files", server("io.x/a", "1.0.0", ServerStatus.DELETED));

    // Every version is deleted now: the highest one, though dropped, is latest again.
    assertThat(latest("io.x/a")).isEqualTo("2.0.0");
    assertThat(
            catalog.findVersion(
                RegistryName.of("main"),
                ServerName.of("io.x/a"),
                VersionSelector.LATEST,
                false,
                Caller.anonymous()))
        .isEmpty();
    assertThat(
            catalog.all(
                TestCatalog.query(
                    "main",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(VersionSelector.LATEST),
                    false,
                    Caller.anonymous())))
        .isEmpty();
  }

  @Test
  void exactlyOneVersionOfEachNameIsLatestAndTheLatestFilterListsOnlyThose() {
    catalog.replace(
        "files",
        server("io.x/a", "1.0.0"),
        server("io.x/a", "1.1.0"),
        server("io.x/b", "0.1.0"),
        server("io.x/b", "0.2.0", ServerStatus.DELETED),
        server("io.x/c", "3.0.0"));
    catalog.replace(
        "files",
        server("io.x/a", "1.0.0"),
        server("io.x/a", "1.1.0"),
        server("io.x/a", "1.2.0"),
        server("io.x/b", "0.1.0"),
        server("io.x/b", "0.2.0"),
        server("io.x/c", "3.0.0"));

    List<ServerListing> everything = catalog.all(allVersions(Optional.empty()));
    Map<String, Long> latestPerName =
        everything.stream()
            .filter(l -> l.meta().latest())
            .collect(Collectors.groupingBy(l -> l.name().value(), Collectors.counting()));
    List<ServerListing> latestOnly = catalog.all(allVersions(Optional.of(VersionSelector.LATEST)));

    assertThat(latestPerName)
        .containsOnly(Map.entry("io.x/a", 1L), Map.entry("io.x/b", 1L), Map.entry("io.x/c", 1L));
    assertThat(TestCatalog.ids(latestOnly))
        .containsExactly("io.x/a@1.2.0", "io.x/b@0.2.0", "io.x/c@3.0.0");
  }

  /** A version as an api source delivers it: with its upstream's publish time and isLatest. */
  static ServerManifest fromUpstream(String version, String publishedAt, boolean latest) {
    ServerManifest m = server("io.x/federated", version);
    return new ServerManifest(
        m.name(),
        m.version(),
        m.title(),
        m.description(),
        m.status(),
        m.tags(),
        m.document(),
        m.claims(),
        new UpstreamMeta(Optional.of(Instant.parse(publishedAt)), Optional.of(latest)));
  }

  @Test
  void
      givenAnUpstreamThatMarksALowerVersionLatest_whenStored_thenItIsServedLatestAsItsUpstreamSays() {
    catalog.replace(
        "files",
        fromUpstream("1.0.0", "2025-03-01T10:00:00.123456Z", true),
        fromUpstream("2.0.0", "2025-04-01T10:00:00Z", false));

    assertThat(latest("io.x/federated")).isEqualTo("1.0.0");
    assertThat(catalog.item("main", "io.x/federated@1.0.0").meta().publishedAt())
        .isEqualTo(Instant.parse("2025-03-01T10:00:00.123456Z"));
    Instant updated = catalog.item("main", "io.x/federated@2.0.0").meta().updatedAt();

    catalog.replace(
        "files",
        fromUpstream("1.0.0", "2025-03-01T10:00:00.123456Z", false),
        fromUpstream("2.0.0", "2025-04-02T08:00:00Z", true));

    assertThat(latest("io.x/federated")).isEqualTo("2.0.0");
    ServerListing moved = catalog.item("main", "io.x/federated@2.0.0");
    assertThat(moved.meta().publishedAt()).isEqualTo(Instant.parse("2025-04-02T08:00:00Z"));
    assertThat(moved.meta().updatedAt())
        .as("updatedAt stays this registry's own clock, so updated_since reports the change")
        .isAfter(updated);
  }

  @Test
  void givenAnUpstreamThatSaysNothing_whenStored_thenThisRegistrysOwnRuleAndClockHold() {
    Instant before = Instant.now().minusSeconds(60);
    catalog.replace("files", server("io.x/plain", "1.0.0"), server("io.x/plain", "2.0.0"));

    assertThat(latest("io.x/plain")).isEqualTo("2.0.0");
    assertThat(catalog.item("main", "io.x/plain@1.0.0").meta().publishedAt()).isAfter(before);
  }

  private static ListServersQuery allVersions(Optional<VersionSelector> version) {
    return TestCatalog.query(
        "main", Optional.empty(), Optional.empty(), version, true, Caller.anonymous());
  }

  private static String latest(String name) {
    List<ServerListing> flagged =
        catalog.all(allVersions(Optional.empty())).stream()
            .filter(l -> l.name().value().equals(name) && l.meta().latest())
            .toList();
    assertThat(flagged).as("versions of %s flagged latest", name).hasSize(1);
    String found =
        catalog
            .findVersion(
                RegistryName.of("main"),
                ServerName.of(name),
                VersionSelector.LATEST,
                true,
                Caller.anonymous())
            .orElseThrow()
            .version()
            .value();
    assertThat(found).isEqualTo(flagged.get(0).version().value());
    return found;
  }
}
