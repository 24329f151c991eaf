package dev.waggle.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.application.port.in.SourceNotFoundException;
import dev.waggle.application.port.out.EntryStore;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.source.SourceName;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Port contract: what every {@link EntryStore} does, observed the way the application observes it,
 * through the served catalog of the registries over the source.
 */
public abstract class EntryStoreContract extends StorageContract {

  @Test
  void givenAnEmptySource_whenContentsAreWritten_thenTheRegistryServesEachVersionWithOneLatest() {
    layout("main", "files");

    replace("files", server("io.x/a", "1.0.0"), server("io.x/a", "1.10.0"), server("io.x/b", "2"));

    assertThat(ids("main")).containsExactly("io.x/a@1.0.0#0", "io.x/a@1.10.0#0", "io.x/b@2#0");
    assertThat(version("main", "io.x/a@1.10.0").meta().latest()).isTrue();
    assertThat(version("main", "io.x/a@1.0.0").meta().latest()).isFalse();
    assertThat(version("main", "io.x/a@1.10.0").meta().status()).isEqualTo(ServerStatus.ACTIVE);
    assertThat(version("main", "io.x/a@1.10.0").document())
        .isEqualTo(server("io.x/a", "1.10.0").document());
  }

  @Test
  void givenAServedVersion_whenTheSourceDropsIt_thenItStaysAsADeletedTombstoneAndLatestMoves() {
    layout("main", "files");
    replace("files", server("io.x/a", "1.0.0"), server("io.x/a", "2.0.0"));

    replace("files", server("io.x/a", "1.0.0"));

    ServerListing dropped = version("main", "io.x/a@2.0.0");
    assertThat(dropped.meta().status()).isEqualTo(ServerStatus.DELETED);
    assertThat(dropped.meta().latest()).isFalse();
    assertThat(version("main", "io.x/a@1.0.0").meta().latest()).isTrue();
  }

  @Test
  void givenEveryVersionDropped_thenTheNewestTombstoneIsLatest() {
    layout("main", "files");
    replace("files", server("io.x/a", "1.0.0"), server("io.x/a", "2.0.0"));

    replace("files");

    assertThat(version("main", "io.x/a@2.0.0").meta().latest()).isTrue();
    assertThat(version("main", "io.x/a@2.0.0").meta().status()).isEqualTo(ServerStatus.DELETED);
    assertThat(version("main", "io.x/a@1.0.0").meta().status()).isEqualTo(ServerStatus.DELETED);
  }

  @Test
  void givenWrittenContents_whenTheSameAreWrittenAgain_thenNoTimeAndNoGenerationMoves() {
    layout("main", "files");
    replace("files", server("io.x/a", "1.0.0"));
    ServerListing before = version("main", "io.x/a@1.0.0");
    long generation = generation("main");

    replace("files", server("io.x/a", "1.0.0"));

    assertThat(version("main", "io.x/a@1.0.0").meta()).isEqualTo(before.meta());
    assertThat(generation("main")).isEqualTo(generation);
  }

  @Test
  void givenAVersion_whenItsDocumentChanges_thenItsUpdateTimeMovesAndItsPublishTimeStays() {
    layout("main", "files");
    replace("files", server("io.x/a", "1.0.0"));
    ServerListing before = version("main", "io.x/a@1.0.0");
    long generation = generation("main");

    replace(
        "files",
        server("io.x/a", "1.0.0", ServerStatus.ACTIVE, Claims.NONE, ",\"websiteUrl\":\"x\""));

    ServerListing after = version("main", "io.x/a@1.0.0");
    assertThat(after.document()).contains("websiteUrl");
    assertThat(after.meta().publishedAt()).isEqualTo(before.meta().publishedAt());
    assertThat(after.meta().updatedAt()).isAfter(before.meta().updatedAt());
    assertThat(generation("main")).isGreaterThan(generation);
  }

  @Test
  void givenAVersion_whenItsStatusChanges_thenItsStatusTimeMoves() {
    layout("main", "files");
    replace("files", server("io.x/a", "1.0.0"));
    ServerListing before = version("main", "io.x/a@1.0.0");

    replace("files", server("io.x/a", "1.0.0", ServerStatus.DEPRECATED, Claims.NONE, ""));

    ServerListing after = version("main", "io.x/a@1.0.0");
    assertThat(after.meta().status()).isEqualTo(ServerStatus.DEPRECATED);
    assertThat(after.meta().statusChangedAt()).isAfter(before.meta().statusChangedAt());
  }

  @Test
  void theClaimsOfANameAreThoseOfItsFirstManifest() {
    layout("main", "files");

    replace(
        "files",
        server("io.x/a", "1.0.0", ServerStatus.ACTIVE, Claims.of("team", "red"), ""),
        server("io.x/a", "2.0.0", ServerStatus.ACTIVE, Claims.of("team", "blue"), ""));

    assertThat(rows("main"))
        .allSatisfy(r -> assertThat(r.claims()).isEqualTo(Claims.of("team", "red")));
  }

  @Test
  void aRepeatedNameAndVersionKeepsItsFirstCopy() {
    layout("main", "files");

    replace(
        "files",
        server("io.x/a", "1.0.0", ServerStatus.ACTIVE, Claims.NONE, ",\"first\":true"),
        server("io.x/a", "1.0.0", ServerStatus.ACTIVE, Claims.NONE, ",\"second\":true"));

    assertThat(ids("main")).containsExactly("io.x/a@1.0.0#0");
    assertThat(version("main", "io.x/a@1.0.0").document()).contains("first");
  }

  @Test
  void writingIntoASourceThatDoesNotExistFailsNamingIt() {
    layout("main", "files");

    assertThatThrownBy(
            () ->
                storage
                    .entries()
                    .replaceSourceContents(
                        SourceName.of("nowhere"), List.of(server("io.x/a", "1.0.0"))))
        .isInstanceOf(SourceNotFoundException.class)
        .hasMessageContaining("nowhere");
  }

  @Test
  void aWriteMovesTheGenerationOfEveryRegistryOverTheSourceAndNoOther() {
    storage
        .registries()
        .applyConfiguration(
            new CatalogLayout(
                List.of(fileSource("files"), fileSource("other")),
                List.of(
                    registry("main", Claims.NONE, "files"),
                    registry("also", Claims.NONE, "other", "files"),
                    registry("elsewhere", Claims.NONE, "other")),
                null));
    long main = generation("main");
    long also = generation("also");
    long elsewhere = generation("elsewhere");

    replace("files", server("io.x/a", "1.0.0"));

    assertThat(generation("main")).isGreaterThan(main);
    assertThat(generation("also")).isGreaterThan(also);
    assertThat(generation("elsewhere")).isEqualTo(elsewhere);
    assertThat(ids("also")).containsExactly("io.x/a@1.0.0#0");
    assertThat(rows("elsewhere")).isEmpty();
  }
}
