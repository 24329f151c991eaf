package dev.waggle.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Port contract: what every {@link RegistryStore} keeps of the configured layout, and what applying
 * a new one does to the catalog.
 */
public abstract class RegistryStoreContract extends StorageContract {

  @Test
  void anAppliedLayoutReadsBackAsConfigured() {
    SourceDefinition plain = fileSource("files", Claims.of("team", "red"));
    SourceDefinition files =
        new SourceDefinition(
            plain.name(), plain.kind(), plain.syncInterval(), plain.filter(), plain.claims(), true);
    SourceDefinition pushed = kubernetesSource("cluster");
    storage
        .registries()
        .applyConfiguration(
            new CatalogLayout(
                List.of(pushed, files),
                List.of(
                    registry("zeta", Claims.NONE, "files"),
                    registry("alpha", Claims.of("team", "red"), "files", "cluster")),
                null));

    RegistryStore registries = storage.registries();
    assertThat(registries.listSources()).containsExactly(pushed, files);
    assertThat(registries.findSource(SourceName.of("files"))).contains(files);
    assertThat(registries.findSource(SourceName.of("nowhere"))).isEmpty();
    assertThat(registries.listRegistries())
        .containsExactly(
            registry("alpha", Claims.of("team", "red"), "files", "cluster"),
            registry("zeta", Claims.NONE, "files"));
    assertThat(registries.findRegistry(RegistryName.of("zeta")))
        .contains(registry("zeta", Claims.NONE, "files"));
    assertThat(registries.findRegistry(RegistryName.of("nowhere"))).isEmpty();
  }

  @Test
  void givenASourceWithEntries_whenALayoutDropsIt_thenItsEntriesGoWithIt() {
    layout("main", "files", "other");
    replace("files", server("io.x/a", "1.0.0"));
    replace("other", server("io.x/b", "1.0.0"));

    layout("main", "other");
    layout("main", "files", "other");

    assertThat(ids("main")).containsExactly("io.x/b@1.0.0#0");
    assertThat(storage.registries().listSources())
        .extracting(SourceDefinition::name)
        .containsExactly(SourceName.of("files"), SourceName.of("other"));
  }

  @Test
  void givenARegistry_whenALayoutDropsIt_thenItIsGoneWithItsCatalog() {
    storage
        .registries()
        .applyConfiguration(
            new CatalogLayout(
                List.of(fileSource("files")),
                List.of(
                    registry("main", Claims.NONE, "files"), registry("old", Claims.NONE, "files")),
                null));

    layout("main", "files");

    assertThat(storage.registries().findRegistry(RegistryName.of("old"))).isEmpty();
    assertThat(storage.served().generations()).containsOnlyKeys(RegistryName.of("main"));
    assertThat(storage.served().load(RegistryName.of("old"), row -> {})).isEmpty();
  }

  @Test
  void reapplyingTheSameLayoutMovesNoGeneration() {
    layout("main", "files");
    replace("files", server("io.x/a", "1.0.0"));
    Map<RegistryName, Long> before = storage.served().generations();

    layout("main", "files");

    assertThat(storage.served().generations()).isEqualTo(before);
  }

  @Test
  void reorderingARegistrysSourcesReranksItsNames() {
    layout("main", "first", "second");
    replace(
        "first",
        server(
            "io.x/a",
            "1.0.0",
            dev.waggle.domain.catalog.ServerStatus.ACTIVE,
            Claims.NONE,
            ",\"from\":1"));
    replace(
        "second",
        server(
            "io.x/a",
            "1.0.0",
            dev.waggle.domain.catalog.ServerStatus.ACTIVE,
            Claims.NONE,
            ",\"from\":2"));
    long before = generation("main");

    layout("main", "second", "first");

    assertThat(rows("main").get(0).listing().document()).contains("\"from\":2");
    assertThat(generation("main")).isGreaterThan(before);
  }

  @Test
  void aChangedSourceDefinitionReplacesTheStoredOne() {
    layout("main", "files");
    SourceDefinition changed = fileSource("files", Claims.of("team", "blue"));

    storage
        .registries()
        .applyConfiguration(
            new CatalogLayout(
                List.of(changed), List.of(registry("main", Claims.NONE, "files")), null));

    assertThat(storage.registries().findSource(SourceName.of("files"))).contains(changed);
  }
}
