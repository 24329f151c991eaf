package dev.waggle.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.application.port.in.ConflictException;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.application.port.out.SourceEntry;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.CreationType;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceName;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Port contract: what every {@link RegistryStore} does with the sources and registries the admin
 * API writes — marked API, never touched by the configuration, refused where they would break what
 * else is stored, and served as soon as a registry is written.
 */
public abstract class AdminWritesContract extends StorageContract {
  private RegistryStore store;

  @BeforeEach
  void configured() {
    store = storage.registries();
    layout("main", "configured");
  }

  @Test
  void anApiSourceIsCreatedThenUpdatedAndReadsBackMarkedApi() {
    assertThat(store.putApiSource(fileSource("pasted"))).isTrue();
    SourceDefinition changed = fileSource("pasted", Claims.of("team", "red"));

    assertThat(store.putApiSource(changed)).isFalse();

    assertThat(store.sourceRecord(SourceName.of("pasted")))
        .hasValueSatisfying(
            r -> {
              assertThat(r.definition()).isEqualTo(changed);
              assertThat(r.creationType()).isEqualTo(CreationType.API);
              assertThat(r.updatedAt()).isAfterOrEqualTo(r.createdAt());
            });
    assertThat(store.sourceRecord(SourceName.of("configured")).orElseThrow().creationType())
        .isEqualTo(CreationType.CONFIG);
    // A new synced source is due at once.
    assertThat(storage.syncStates().find(SourceName.of("pasted"))).isPresent();
  }

  @Test
  void aConfigCreatedSourceOrRegistryIsNeverOverwrittenByAnApiWrite() {
    assertThatThrownBy(() -> store.putApiSource(fileSource("configured", Claims.of("a", "b"))))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> store.putApiRegistry(registry("main", Claims.NONE, "configured")))
        .isInstanceOf(ConflictException.class);
    assertThat(store.deleteApiSource(SourceName.of("configured"))).isFalse();
    assertThat(store.deleteApiRegistry(RegistryName.of("main"))).isFalse();

    assertThat(store.findSource(SourceName.of("configured"))).contains(fileSource("configured"));
    assertThat(store.findRegistry(RegistryName.of("main"))).isPresent();
  }

  @Test
  void aSecondManagedSourceIsRefused() {
    assertThat(store.putApiSource(managedSource("published"))).isTrue();

    assertThatThrownBy(() -> store.putApiSource(managedSource("another")))
        .isInstanceOf(ConflictException.class)
        .hasMessage("at most one managed source is allowed");
    assertThat(store.findSource(SourceName.of("another"))).isEmpty();
  }

  @Test
  void anApiRegistryServesItsSourcesAtOnceAndNothingOnceDeleted() {
    store.putApiSource(fileSource("pasted"));
    replace("pasted", server("io.x/a", "1.0.0"));
    replace("configured", server("io.x/a", "2.0.0"), server("io.x/b", "1.0.0"));

    assertThat(store.putApiRegistry(registry("team", Claims.NONE, "pasted", "configured")))
        .isTrue();

    assertThat(ids("team")).containsExactly("io.x/a@1.0.0#0", "io.x/a@2.0.0#1", "io.x/b@1.0.0#0");
    assertThat(store.registryRecord(RegistryName.of("team")).orElseThrow().creationType())
        .isEqualTo(CreationType.API);
    long before = generation("team");

    assertThat(store.putApiRegistry(registry("team", Claims.of("org", "x"), "configured")))
        .isFalse();

    assertThat(generation("team")).isGreaterThan(before);
    assertThat(ids("team")).containsExactly("io.x/a@2.0.0#0", "io.x/b@1.0.0#0");
    assertThat(storage.served().generations()).containsKey(RegistryName.of("team"));

    assertThat(store.deleteApiRegistry(RegistryName.of("team"))).isTrue();
    assertThat(storage.served().generations()).doesNotContainKey(RegistryName.of("team"));
    assertThat(store.findRegistry(RegistryName.of("team"))).isEmpty();
  }

  @Test
  void aRegistryWriteThatFailsLeavesNothingBehind() {
    store.putApiSource(fileSource("pasted"));
    store.putApiRegistry(registry("team", Claims.of("org", "x"), "pasted"));

    // The second source is gone by the time the write runs, as when another request deleted it.
    assertThatThrownBy(
            () -> store.putApiRegistry(registry("team", Claims.NONE, "configured", "nowhere")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("nowhere");
    assertThatThrownBy(() -> store.putApiRegistry(registry("fresh", Claims.NONE, "nowhere")))
        .isInstanceOf(ConflictException.class);

    assertThat(store.findRegistry(RegistryName.of("team")))
        .contains(registry("team", Claims.of("org", "x"), "pasted"));
    assertThat(store.findRegistry(RegistryName.of("fresh"))).isEmpty();
    assertThat(storage.served().generations()).doesNotContainKey(RegistryName.of("fresh"));
  }

  @Test
  void aSourceARegistryListsCannotBeDeleted() {
    store.putApiSource(fileSource("pasted"));
    replace("pasted", server("io.x/a", "1.0.0"));
    store.putApiRegistry(registry("team", Claims.NONE, "pasted"));

    assertThatThrownBy(() -> store.deleteApiSource(SourceName.of("pasted")))
        .isInstanceOf(ConflictException.class)
        .hasMessage(
            "source is referenced by one or more registries: pasted is referenced by 1"
                + " registry(ies)");
    assertThat(ids("team")).containsExactly("io.x/a@1.0.0#0");

    store.deleteApiRegistry(RegistryName.of("team"));
    assertThat(store.deleteApiSource(SourceName.of("pasted"))).isTrue();
    assertThat(store.findSource(SourceName.of("pasted"))).isEmpty();
    assertThat(storage.syncStates().find(SourceName.of("pasted"))).isEmpty();
    assertThat(store.deleteApiSource(SourceName.of("pasted"))).isFalse();
  }

  @Test
  void applyingTheConfigurationLeavesApiRowsAloneAndRefusesToTakeThemOver() {
    store.putApiSource(fileSource("pasted"));
    store.putApiRegistry(registry("team", Claims.NONE, "pasted", "configured"));

    // The configuration may not drop a source an API registry lists: nothing changes.
    assertThatThrownBy(() -> layout("main", "other"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("configured (listed by registry team)");
    assertThat(store.findSource(SourceName.of("configured"))).isPresent();
    assertThat(store.findSource(SourceName.of("other"))).isEmpty();

    store.putApiRegistry(registry("team", Claims.NONE, "pasted"));
    layout("main", "other");
    assertThat(store.findSource(SourceName.of("pasted"))).contains(fileSource("pasted"));
    assertThat(store.findRegistry(RegistryName.of("team"))).isPresent();

    assertThatThrownBy(() -> layout("main", "pasted"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot overwrite API-created sources: [pasted]");
    assertThatThrownBy(
            () ->
                store.applyConfiguration(
                    new CatalogLayout(
                        List.of(fileSource("other")),
                        List.of(registry("team", Claims.NONE, "other")),
                        null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot overwrite API-created registries: [team]");
    assertThat(store.sourceRecord(SourceName.of("pasted")).orElseThrow().creationType())
        .isEqualTo(CreationType.API);
  }

  @Test
  void theEntriesOfASourceAndOfARegistryAreListedWithoutPrecedence() {
    store.putApiSource(fileSource("pasted"));
    replace("pasted", server("io.x/a", "1.0.0"), server("io.x/a", "1.1.0"));
    replace("configured", server("io.x/a", "2.0.0"));
    store.putApiRegistry(registry("team", Claims.NONE, "pasted", "configured"));

    List<SourceEntry> entries = store.sourceEntries(SourceName.of("pasted"));
    assertThat(entries)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(SourceEntry.EntryType.MCP);
              assertThat(e.name()).isEqualTo("io.x/a");
              assertThat(e.versions())
                  .extracting(SourceEntry.Version::version)
                  .containsExactly("1.0.0", "1.1.0");
              assertThat(e.versions().get(0).createdAt()).isPresent();
            });
    assertThat(store.registryEntries(RegistryName.of("team")))
        .extracting(r -> r.source() + ":" + r.position() + ":" + r.version().version())
        .containsExactly("pasted:0:1.0.0", "pasted:0:1.1.0", "configured:1:2.0.0");
  }
}
