package dev.waggle.application.service;

import static dev.waggle.domain.catalog.TestManifests.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.application.port.in.RegistryAccessDeniedException;
import dev.waggle.application.port.in.RegistryNotFoundException;
import dev.waggle.application.port.in.ServerNotFoundException;
import dev.waggle.application.testing.InMemoryEntryStore;
import dev.waggle.application.testing.InMemoryRegistryStore;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BrowseCatalogServiceTest {
  private static final RegistryName TEAM = RegistryName.of("team");
  private final InMemoryRegistryStore registries = new InMemoryRegistryStore();
  private final InMemoryEntryStore entries = new InMemoryEntryStore();
  private BrowseCatalogService browse;

  @BeforeEach
  void setUp() {
    SourceName source = SourceName.of("catalog");
    registries.applyConfiguration(
        new CatalogLayout(
            List.of(
                new SourceDefinition(
                    source,
                    SourceKind.File.atPath(Path.of("r.json")),
                    Optional.of(Duration.ofMinutes(1)),
                    null,
                    null)),
            List.of(new RegistryDefinition(TEAM, List.of(source), Claims.of("team", "platform"))),
            null));
    entries.replaceSourceContents(source, List.of(manifest("io.acme/a", "1.0.0")));
    browse = new BrowseCatalogService(entries, registries, TEAM);
  }

  @Test
  void anUnknownRegistryIsNotFound() {
    assertThatThrownBy(
            () -> browse.listServers(ListServersQuery.firstPage(RegistryName.of("nope"), 10)))
        .isInstanceOf(RegistryNotFoundException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void aCallerWhoseClaimsDoNotCoverTheRegistryIsDenied() {
    Caller outsider = Caller.withClaims(Claims.of("team", "data"));
    assertThatThrownBy(
            () ->
                browse.getVersion(
                    TEAM, ServerName.of("io.acme/a"), VersionSelector.LATEST, false, outsider))
        .isInstanceOf(RegistryAccessDeniedException.class);
    Caller member = Caller.withClaims(Claims.of("team", "platform"));
    assertThat(
            browse
                .getVersion(TEAM, ServerName.of("io.acme/a"), VersionSelector.LATEST, false, member)
                .version()
                .value())
        .isEqualTo("1.0.0");
  }

  @Test
  void aServerWithNoVisibleVersionIsNotFound() {
    assertThatThrownBy(
            () ->
                browse.listVersions(
                    TEAM, ServerName.of("io.acme/missing"), false, Caller.anonymous()))
        .isInstanceOf(ServerNotFoundException.class)
        .hasMessageContaining("io.acme/missing");
  }
}
