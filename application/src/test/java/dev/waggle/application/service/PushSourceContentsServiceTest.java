package dev.waggle.application.service;

import static dev.waggle.domain.catalog.TestManifests.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.application.port.in.SourceNotFoundException;
import dev.waggle.application.testing.InMemoryStorage;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PushSourceContentsServiceTest {
  private static final SourceName CLUSTER = SourceName.of("cluster");
  private static final SourceName FILES = SourceName.of("files");

  private final InMemoryStorage storage = new InMemoryStorage();
  private final PushSourceContentsService push = new PushSourceContentsService(storage, storage);

  @BeforeEach
  void layout() {
    storage.applyConfiguration(
        new CatalogLayout(
            List.of(
                new SourceDefinition(
                    CLUSTER,
                    new SourceKind.Kubernetes(List.of()),
                    Optional.empty(),
                    EntryFilter.NONE,
                    Claims.NONE),
                new SourceDefinition(
                    FILES,
                    SourceKind.File.atPath(Path.of("registry.json")),
                    Optional.of(Duration.ofMinutes(5)),
                    EntryFilter.NONE,
                    Claims.NONE)),
            List.of(new RegistryDefinition(RegistryName.of("main"), List.of(CLUSTER, FILES), null)),
            null));
  }

  @Test
  void givenAKubernetesSource_whenItPushesItsEntries_thenTheyAreWhatItHolds() {
    push.replace(CLUSTER, List.of(manifest("io.acme/a", "1.0.0"), manifest("io.acme/b", "1.0.0")));
    push.replace(CLUSTER, List.of(manifest("io.acme/b", "1.0.0")));

    assertThat(storage.liveManifests(CLUSTER))
        .extracting(m -> m.name().value())
        .containsExactly("io.acme/b");
  }

  @Test
  void pushingIntoASourceThatDoesNotExistFailsNamingIt() {
    assertThatThrownBy(() -> push.replace(SourceName.of("gone"), List.of()))
        .isInstanceOf(SourceNotFoundException.class)
        .hasMessageContaining("gone");
  }

  @Test
  void pushingIntoASyncedSourceIsRefusedAndWritesNothing() {
    List<ServerManifest> entries = List.of(manifest("io.acme/a", "1.0.0"));

    assertThatThrownBy(() -> push.replace(FILES, entries))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("files")
        .hasMessageContaining("file source");
    assertThat(storage.liveManifests(FILES)).isEmpty();
    assertThat(storage.writes()).isZero();
  }
}
