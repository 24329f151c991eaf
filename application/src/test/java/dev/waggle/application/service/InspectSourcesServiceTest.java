package dev.waggle.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.application.port.in.RegistryNotFoundException;
import dev.waggle.application.port.in.RegistryStatus;
import dev.waggle.application.port.in.SourceNotFoundException;
import dev.waggle.application.port.in.SourceStatus;
import dev.waggle.application.testing.InMemoryStorage;
import dev.waggle.domain.access.AccessDeniedException;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.access.Role;
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
import java.util.Set;
import org.junit.jupiter.api.Test;

class InspectSourcesServiceTest {
  private static final Claims PLATFORM = Claims.of("team", "platform");
  private static final Claims DATA = Claims.of("team", "data");

  private final InMemoryStorage storage = new InMemoryStorage();
  private final InspectSourcesService inspect = new InspectSourcesService(storage, storage);

  InspectSourcesServiceTest() {
    storage.applyConfiguration(
        new CatalogLayout(
            List.of(source("platform-tools", PLATFORM), source("data-tools", DATA)),
            List.of(
                registry("platform", PLATFORM, "platform-tools"),
                registry("data", DATA, "data-tools"),
                registry("untagged", Claims.NONE, "platform-tools", "data-tools")),
            null));
  }

  private static SourceDefinition source(String name, Claims claims) {
    return new SourceDefinition(
        SourceName.of(name),
        SourceKind.File.atPath(Path.of("/data/" + name + ".json")),
        Optional.of(Duration.ofMinutes(10)),
        EntryFilter.NONE,
        claims);
  }

  private static RegistryDefinition registry(String name, Claims claims, String... sources) {
    return new RegistryDefinition(
        RegistryName.of(name), List.of(sources).stream().map(SourceName::of).toList(), claims);
  }

  private static Caller caller(Claims claims, Role... roles) {
    return Caller.authenticated("someone", Optional.of(claims), Set.of(roles));
  }

  private static List<String> sourceNames(List<SourceStatus> sources) {
    return sources.stream().map(s -> s.definition().name().value()).toList();
  }

  private static List<String> registryNames(List<RegistryStatus> registries) {
    return registries.stream().map(r -> r.definition().name().value()).toList();
  }

  @Test
  void sourcesAreListedOnlyToManageSourcesHoldersAndOnlyThoseTheirClaimsReach() {
    assertThat(sourceNames(inspect.listSources(caller(PLATFORM, Role.MANAGE_SOURCES))))
        .containsExactly("platform-tools");
    assertThatThrownBy(() -> inspect.listSources(caller(PLATFORM, Role.MANAGE_ENTRIES)))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("forbidden: insufficient permissions");
  }

  @Test
  void aHiddenSourceIsNotFoundRatherThanForbidden() {
    Caller platformAdmin = caller(PLATFORM, Role.MANAGE_SOURCES);
    assertThat(inspect.source(SourceName.of("platform-tools"), platformAdmin).definition().name())
        .isEqualTo(SourceName.of("platform-tools"));
    assertThatThrownBy(() -> inspect.source(SourceName.of("data-tools"), platformAdmin))
        .isInstanceOf(SourceNotFoundException.class);
  }

  @Test
  void theRoleIsCheckedBeforeTheSourceSoThatAnOutsiderLearnsNothingOfWhatExists() {
    assertThatThrownBy(() -> inspect.source(SourceName.of("nowhere"), caller(PLATFORM)))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void registriesAreListedToAnyCallerByVisibilityAndUntaggedOnesOnlyToSuperAdmins() {
    assertThat(registryNames(inspect.listRegistries(caller(DATA)))).containsExactly("data");
    assertThat(registryNames(inspect.listRegistries(caller(Claims.NONE)))).isEmpty();
    assertThat(registryNames(inspect.listRegistries(caller(Claims.NONE, Role.SUPER_ADMIN))))
        .containsExactly("data", "platform", "untagged");
    assertThat(registryNames(inspect.listRegistries(Caller.anonymous())))
        .containsExactly("data", "platform", "untagged");
  }

  @Test
  void aHiddenRegistryIsNotFound() {
    assertThatThrownBy(() -> inspect.registry(RegistryName.of("platform"), caller(DATA)))
        .isInstanceOf(RegistryNotFoundException.class);
  }

  @Test
  void aRegistryShowsTheStatusOfItsSourcesOnlyToThoseWhoMayInspectThem() {
    RegistryStatus asReader = inspect.registry(RegistryName.of("data"), caller(DATA));
    assertThat(asReader.definition().sources()).containsExactly(SourceName.of("data-tools"));
    assertThat(asReader.sources()).isEmpty();
    RegistryStatus asAdmin =
        inspect.registry(RegistryName.of("untagged"), caller(DATA, Role.SUPER_ADMIN));
    assertThat(sourceNames(asAdmin.sources())).containsExactly("platform-tools", "data-tools");
    RegistryStatus asDataAdmin =
        inspect.registry(
            RegistryName.of("data"),
            caller(new Claims(java.util.Map.of("team", List.of("data"))), Role.MANAGE_SOURCES));
    assertThat(sourceNames(asDataAdmin.sources())).containsExactly("data-tools");
  }
}
