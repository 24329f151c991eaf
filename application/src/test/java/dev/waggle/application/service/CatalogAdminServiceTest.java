package dev.waggle.application.service;

import static dev.waggle.domain.catalog.TestManifests.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.application.port.in.ConflictException;
import dev.waggle.application.port.in.RegistryNotFoundException;
import dev.waggle.application.port.in.SourceNotFoundException;
import dev.waggle.application.port.in.Written;
import dev.waggle.application.port.out.RegistryDocumentCheck;
import dev.waggle.application.port.out.ServedCatalogStore.ServedRow;
import dev.waggle.application.testing.InMemoryStorage;
import dev.waggle.application.testing.ScriptedSourceReader;
import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.AccessDeniedException;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.access.Role;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.CreationType;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import dev.waggle.domain.source.SourceSnapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin writes of sources and registries: who may make them, that what the configuration file
 * declares stays as it says, and what a write changes in syncing and serving.
 */
class CatalogAdminServiceTest {
  private static final SourceName CONFIGURED = SourceName.of("configured");
  private static final RegistryName MAIN = RegistryName.of("main");
  private static final Caller ANYONE = Caller.anonymous();

  private final InMemoryStorage storage = new InMemoryStorage();
  private final ScriptedSourceReader reader = new ScriptedSourceReader();

  /** The registry-file rules as a port: inline data holding "broken" breaks them. */
  private final RegistryDocumentCheck documents =
      data ->
          data.contains("broken")
              ? Optional.of("entry #0 (io.acme/broken): description: is required")
              : Optional.empty();

  private CatalogAdminService admin;

  @BeforeEach
  void setUp() {
    storage.applyConfiguration(
        new CatalogLayout(
            List.of(
                new SourceDefinition(
                    CONFIGURED,
                    SourceKind.File.atPath(Path.of("registry.json")),
                    Optional.of(Duration.ofMinutes(30)),
                    EntryFilter.NONE,
                    Claims.of("team", "platform"))),
            List.of(new RegistryDefinition(MAIN, List.of(CONFIGURED), Claims.of("org", "acme"))),
            null));
    // Background syncs run in the caller's thread, so each test sees a sync's effect at once.
    SyncService sync =
        new SyncService(
            storage, storage, storage, List.of(reader), Clock.systemUTC(), Runnable::run);
    admin = new CatalogAdminService(storage, storage, sync, documents, Clock.systemUTC());
  }

  private static SourceDefinition inline(String name, Claims claims) {
    return new SourceDefinition(
        SourceName.of(name),
        SourceKind.File.inline("{\"servers\":[]}"),
        Optional.empty(),
        EntryFilter.NONE,
        claims);
  }

  private static SourceDefinition managed(String name) {
    return new SourceDefinition(
        SourceName.of(name), new SourceKind.Managed(), Optional.empty(), EntryFilter.NONE, null);
  }

  private static Caller caller(Claims claims, Role... roles) {
    return Caller.authenticated("alice", Optional.of(claims), Set.of(roles));
  }

  private List<ServedRow> served(RegistryName registry) {
    List<ServedRow> rows = new ArrayList<>();
    storage.load(registry, rows::add);
    return rows;
  }

  @Test
  void anInlineSourceIsCreatedAsApiAndItsDataIsSyncedAtOnce() {
    reader.thenReturn(
        new SourceSnapshot(List.of(manifest("io.acme/inline", "1.0.0")), List.of(), "h1"));

    Written written = admin.putSource(ANYONE, inline("pasted", Claims.NONE));

    assertThat(written).isEqualTo(Written.CREATED);
    assertThat(storage.sourceRecord(SourceName.of("pasted")).orElseThrow().creationType())
        .isEqualTo(CreationType.API);
    assertThat(storage.liveManifests(SourceName.of("pasted")))
        .extracting(m -> m.name().value())
        .containsExactly("io.acme/inline");
    assertThat(storage.sourceEntries(SourceName.of("pasted")))
        .singleElement()
        .satisfies(e -> assertThat(e.versions()).hasSize(1));
  }

  @Test
  void inlineDataASyncWouldRefuseIsA400NamingFileDataAndNothingIsStoredOrSynced() {
    SourceDefinition broken =
        new SourceDefinition(
            SourceName.of("pasted"),
            SourceKind.File.inline("{\"broken\": true}"),
            Optional.empty(),
            EntryFilter.NONE,
            null);

    assertThatThrownBy(() -> admin.putSource(ANYONE, broken))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("file.data");
              assertThat(e.rejectedValue()).isEqualTo("{\"broken\": true}");
              assertThat(e.getMessage()).endsWith("(got \"{\"broken\": true}\")");
              assertThat(e.reason())
                  .isEqualTo(
                      "must be a registry file a sync can read: entry #0 (io.acme/broken):"
                          + " description: is required");
            });
    assertThat(storage.sourceRecord(SourceName.of("pasted"))).isEmpty();
    assertThat(reader.parses()).isZero();
  }

  @Test
  void anUpdateToInlineDataASyncWouldRefuseKeepsTheStoredDefinition() {
    reader.thenReturn(new SourceSnapshot(List.of(), List.of(), "h"));
    admin.putSource(ANYONE, inline("pasted", Claims.NONE));
    SourceDefinition before =
        storage.sourceRecord(SourceName.of("pasted")).orElseThrow().definition();

    assertThatThrownBy(
            () ->
                admin.putSource(
                    ANYONE,
                    new SourceDefinition(
                        SourceName.of("pasted"),
                        SourceKind.File.inline("{\"broken\": true}"),
                        Optional.empty(),
                        EntryFilter.NONE,
                        null)))
        .isInstanceOf(ValidationException.class);
    assertThat(storage.sourceRecord(SourceName.of("pasted")).orElseThrow().definition())
        .isEqualTo(before);
  }

  @Test
  void puttingAnExistingApiSourceAgainUpdatesItAndSyncsTheNewDefinition() {
    reader.thenReturn(new SourceSnapshot(List.of(manifest("io.acme/a", "1.0.0")), List.of(), "h"));
    admin.putSource(ANYONE, inline("pasted", Claims.NONE));

    Written written = admin.putSource(ANYONE, inline("pasted", Claims.of("team", "platform")));

    assertThat(written).isEqualTo(Written.UPDATED);
    // Same bytes, new claims: the changed definition is applied, not skipped as unchanged.
    assertThat(reader.parses()).isEqualTo(2);
    assertThat(storage.liveManifests(SourceName.of("pasted")))
        .singleElement()
        .satisfies(m -> assertThat(m.claims()).isEqualTo(Claims.of("team", "platform")));
  }

  @Test
  void theKindOfASourceAndWhereAFileIsReadFromCannotChange() {
    reader.thenReturn(new SourceSnapshot(List.of(), List.of(), "h"));
    admin.putSource(ANYONE, inline("pasted", Claims.NONE));

    assertThatThrownBy(() -> admin.putSource(ANYONE, managed("pasted")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(
            "changing source type is not allowed: cannot change from 'file' to 'managed',"
                + " delete and recreate");
    SourceDefinition atUrl =
        new SourceDefinition(
            SourceName.of("pasted"),
            SourceKind.File.atUrl(java.net.URI.create("https://example.com/r.json"), null),
            Optional.of(Duration.ofMinutes(5)),
            EntryFilter.NONE,
            null);
    assertThatThrownBy(() -> admin.putSource(ANYONE, atUrl))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("cannot change from 'data' to 'url'");
  }

  @Test
  void configCreatedSourcesAndRegistriesAreReadOnly() {
    assertThatThrownBy(() -> admin.putSource(ANYONE, inline("configured", Claims.NONE)))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("cannot modify config-created source via API");
    assertThatThrownBy(() -> admin.deleteSource(ANYONE, CONFIGURED))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("cannot modify config-created source via API");
    assertThatThrownBy(
            () ->
                admin.putRegistry(ANYONE, new RegistryDefinition(MAIN, List.of(CONFIGURED), null)))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("cannot modify config-created registry via API");
    assertThatThrownBy(() -> admin.deleteRegistry(ANYONE, MAIN))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("cannot modify config-created registry via API");
  }

  @Test
  void atMostOneManagedSourceExists() {
    admin.putSource(ANYONE, managed("published"));

    assertThatThrownBy(() -> admin.putSource(ANYONE, managed("another")))
        .isInstanceOf(ConflictException.class)
        .hasMessage("at most one managed source is allowed");
    // Putting the one managed source again is an update, not a second one.
    assertThat(admin.putSource(ANYONE, managed("published"))).isEqualTo(Written.UPDATED);
  }

  @Test
  void aSourceARegistryListsCannotBeDeletedUntilTheRegistryIsGone() {
    reader.thenReturn(new SourceSnapshot(List.of(), List.of(), "h"));
    admin.putSource(ANYONE, inline("pasted", Claims.NONE));
    RegistryName team = RegistryName.of("team");
    admin.putRegistry(ANYONE, new RegistryDefinition(team, List.of(SourceName.of("pasted")), null));

    assertThatThrownBy(() -> admin.deleteSource(ANYONE, SourceName.of("pasted")))
        .isInstanceOf(ConflictException.class)
        .hasMessage(
            "source is referenced by one or more registries: pasted is referenced by 1"
                + " registry(ies)");

    admin.deleteRegistry(ANYONE, team);
    admin.deleteSource(ANYONE, SourceName.of("pasted"));
    assertThat(storage.sourceRecord(SourceName.of("pasted"))).isEmpty();
    assertThatThrownBy(() -> admin.deleteSource(ANYONE, SourceName.of("pasted")))
        .isInstanceOf(SourceNotFoundException.class);
  }

  @Test
  void aRegistryServesItsSourcesAsSoonAsItIsPutAndNothingOnceDeleted() {
    reader.thenReturn(
        new SourceSnapshot(List.of(manifest("io.acme/inline", "1.0.0")), List.of(), "h1"));
    admin.putSource(ANYONE, inline("pasted", Claims.NONE));
    RegistryName team = RegistryName.of("team");

    Written written =
        admin.putRegistry(
            ANYONE, new RegistryDefinition(team, List.of(SourceName.of("pasted")), null));

    assertThat(written).isEqualTo(Written.CREATED);
    assertThat(served(team)).extracting(r -> r.name().value()).containsExactly("io.acme/inline");
    long generation = storage.generations().get(team);
    admin.putRegistry(
        ANYONE,
        new RegistryDefinition(team, List.of(SourceName.of("pasted")), Claims.of("org", "x")));
    assertThat(storage.generations().get(team)).isGreaterThan(generation);

    admin.deleteRegistry(ANYONE, team);
    assertThat(storage.generations()).doesNotContainKey(team);
    assertThatThrownBy(() -> admin.registryEntries(ANYONE, team))
        .isInstanceOf(RegistryNotFoundException.class);
  }

  @Test
  void aRegistryNamingAnUnknownSourceIsRefusedWithItsName() {
    assertThatThrownBy(
            () ->
                admin.putRegistry(
                    ANYONE,
                    new RegistryDefinition(
                        RegistryName.of("team"),
                        List.of(CONFIGURED, SourceName.of("nowhere")),
                        null)))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("sources[1]");
              assertThat(e.reason()).isEqualTo("source not found: nowhere");
            });
  }

  @Test
  void aCallerWithoutTheRoleIsRefusedEverything() {
    Caller registriesOnly = caller(Claims.of("team", "platform"), Role.MANAGE_REGISTRIES);
    Caller sourcesOnly = caller(Claims.of("team", "platform"), Role.MANAGE_SOURCES);

    assertThatThrownBy(() -> admin.putSource(registriesOnly, inline("x", Claims.NONE)))
        .hasMessage(AccessDeniedException.INSUFFICIENT_PERMISSIONS);
    assertThatThrownBy(() -> admin.sourceEntries(registriesOnly, CONFIGURED))
        .hasMessage(AccessDeniedException.INSUFFICIENT_PERMISSIONS);
    assertThatThrownBy(() -> admin.registryEntries(sourcesOnly, MAIN))
        .hasMessage(AccessDeniedException.INSUFFICIENT_PERMISSIONS);
    assertThatThrownBy(() -> admin.deleteRegistry(sourcesOnly, MAIN))
        .hasMessage(AccessDeniedException.INSUFFICIENT_PERMISSIONS);
  }

  @Test
  void aCallerMayGrantOnlyClaimsItHoldsAndActOnlyOnWhatItSees() {
    reader.thenReturn(new SourceSnapshot(List.of(), List.of(), "h"));
    Caller platform =
        caller(Claims.of("team", "platform"), Role.MANAGE_SOURCES, Role.MANAGE_REGISTRIES);
    Caller data = caller(Claims.of("team", "data"), Role.MANAGE_SOURCES, Role.MANAGE_REGISTRIES);

    assertThatThrownBy(() -> admin.putSource(platform, inline("mine", Claims.of("team", "data"))))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage(CatalogAdminService.CANNOT_GRANT);
    assertThat(admin.putSource(platform, inline("mine", Claims.of("team", "platform"))))
        .isEqualTo(Written.CREATED);

    // Another team may neither change nor delete it, nor read what it holds, nor list it.
    assertThatThrownBy(() -> admin.putSource(data, inline("mine", Claims.of("team", "data"))))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> admin.deleteSource(data, SourceName.of("mine")))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> admin.sourceEntries(data, SourceName.of("mine")))
        .isInstanceOf(SourceNotFoundException.class);
    assertThatThrownBy(
            () ->
                admin.putRegistry(
                    data,
                    new RegistryDefinition(
                        RegistryName.of("theirs"),
                        List.of(SourceName.of("mine")),
                        Claims.of("team", "data"))))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("forbidden: caller cannot reference source mine");
    assertThatThrownBy(() -> admin.registryEntries(data, MAIN))
        .isInstanceOf(RegistryNotFoundException.class);

    // The owner may, and so may a super admin, whatever its claims.
    assertThat(
            admin.putRegistry(
                platform,
                new RegistryDefinition(
                    RegistryName.of("ours"),
                    List.of(SourceName.of("mine")),
                    Claims.of("team", "platform"))))
        .isEqualTo(Written.CREATED);
    Caller root = caller(Claims.NONE, Role.SUPER_ADMIN);
    admin.deleteRegistry(root, RegistryName.of("ours"));
    admin.deleteSource(root, SourceName.of("mine"));
    assertThat(storage.sourceRecord(SourceName.of("mine"))).isEmpty();
  }

  @Test
  void applyingTheConfigurationLeavesApiSourcesAndRegistriesAlone() {
    reader.thenReturn(new SourceSnapshot(List.of(), List.of(), "h"));
    admin.putSource(ANYONE, inline("pasted", Claims.NONE));
    RegistryName team = RegistryName.of("team");
    admin.putRegistry(ANYONE, new RegistryDefinition(team, List.of(SourceName.of("pasted")), null));

    storage.applyConfiguration(
        new CatalogLayout(
            List.of(managed("other")),
            List.of(new RegistryDefinition(MAIN, List.of(SourceName.of("other")), null)),
            null));

    assertThat(storage.sourceRecord(SourceName.of("pasted"))).isPresent();
    assertThat(storage.registryRecord(team)).isPresent();
    assertThat(storage.sourceRecord(CONFIGURED)).isEmpty();
    assertThatThrownBy(
            () ->
                storage.applyConfiguration(
                    new CatalogLayout(
                        List.of(inline("pasted", Claims.NONE)),
                        List.of(
                            new RegistryDefinition(MAIN, List.of(SourceName.of("pasted")), null)),
                        null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot overwrite API-created sources: [pasted]");
  }
}
