package dev.waggle.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.application.port.in.ConflictException;
import dev.waggle.application.port.in.EntryNotFoundException;
import dev.waggle.application.port.in.PublishedEntry;
import dev.waggle.application.port.out.ExtensionDocumentCheck;
import dev.waggle.application.port.out.ManagedEntryStore;
import dev.waggle.application.port.out.ManagedEntryStore.StoredVersion;
import dev.waggle.application.port.out.ServerDocumentCheck;
import dev.waggle.application.testing.InMemoryStorage;
import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.AccessDeniedException;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.access.Role;
import dev.waggle.domain.catalog.EntryType;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.extension.ExtensionId;
import dev.waggle.domain.extension.ExtensionStatus;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import dev.waggle.domain.source.SourceSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The publish API's rules, judged with callers built directly: the role, ToolHive's publish
 * ownership (claims required under authz, the first version's claims bind the later ones), the
 * subset and visibility rules, and a clear refusal when there is nowhere to publish.
 */
class PublishEntriesServiceTest {
  private static final SourceName MANAGED = SourceName.of("published");
  private static final Claims PLATFORM = Claims.of("team", "platform");
  private static final Claims DATA = Claims.of("team", "data");

  private final InMemoryStorage registries = new InMemoryStorage();
  private final FakeManagedStore store = new FakeManagedStore();
  private final PublishEntriesService service =
      new PublishEntriesService(registries, store, new NameAtVersionCheck(), new SkillCheck());

  private void layout(Claims managedClaims) {
    registries.applyConfiguration(
        new CatalogLayout(
            List.of(
                new SourceDefinition(
                    MANAGED,
                    new SourceKind.Managed(),
                    Optional.empty(),
                    EntryFilter.NONE,
                    managedClaims)),
            List.of(new RegistryDefinition(RegistryName.of("main"), List.of(MANAGED), null)),
            null));
  }

  private static Caller withClaims(Claims claims, Role... roles) {
    return Caller.authenticated("alice", Optional.of(claims), Set.of(roles));
  }

  @Test
  void anAnonymousCallerPublishesWithoutClaimsAndLaterVersionsBecomeLatestOnlyWhenNewer() {
    layout(Claims.NONE);

    PublishedEntry first =
        service.publish(EntryType.SERVER, "io.example/srv@1.0.0", Claims.NONE, Caller.anonymous());
    PublishedEntry older =
        service.publish(EntryType.SERVER, "io.example/srv@0.9.0", Claims.NONE, Caller.anonymous());
    PublishedEntry newer =
        service.publish(EntryType.SERVER, "io.example/srv@1.1.0", Claims.NONE, Caller.anonymous());

    assertThat(first.latest()).isTrue();
    assertThat(older.latest()).isFalse();
    assertThat(newer.latest()).isTrue();
    assertThat(store.latest("io.example/srv")).isEqualTo("1.1.0");
  }

  @Test
  void aDuplicateVersionIsAConflictNamingIt() {
    layout(Claims.NONE);
    service.publish(EntryType.SERVER, "io.example/srv@1.0.0", Claims.NONE, Caller.anonymous());

    assertThatThrownBy(
            () ->
                service.publish(
                    EntryType.SERVER, "io.example/srv@1.0.0", Claims.NONE, Caller.anonymous()))
        .isInstanceOf(ConflictException.class)
        .hasMessage("version already exists: io.example/srv@1.0.0");
  }

  @Test
  void withoutTheManageEntriesRoleEveryRouteIsForbidden() {
    layout(PLATFORM);
    service.publish(EntryType.SERVER, "io.example/srv@1.0.0", PLATFORM, Caller.anonymous());
    Caller reader = withClaims(PLATFORM, Role.MANAGE_SOURCES);

    assertThatThrownBy(
            () -> service.publish(EntryType.SERVER, "io.example/srv@2.0.0", PLATFORM, reader))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage(AccessDeniedException.INSUFFICIENT_PERMISSIONS);
    assertThatThrownBy(() -> service.delete(EntryType.SERVER, "io.example/srv", "1.0.0", reader))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> service.claims(EntryType.SERVER, "io.example/srv", reader))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(
            () -> service.changeClaims(EntryType.SERVER, "io.example/srv", PLATFORM, reader))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void underAuthzClaimsAreRequiredAndMustBeTheCallersOwn() {
    layout(PLATFORM);
    Caller platform = withClaims(PLATFORM, Role.MANAGE_ENTRIES);

    assertThatThrownBy(
            () -> service.publish(EntryType.SERVER, "io.example/srv@1.0.0", Claims.NONE, platform))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("claims are required when authorization is enabled");
    assertThatThrownBy(
            () -> service.publish(EntryType.SERVER, "io.example/srv@1.0.0", DATA, platform))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(service.publish(EntryType.SERVER, "io.example/srv@1.0.0", PLATFORM, platform))
        .extracting(PublishedEntry::version)
        .isEqualTo("1.0.0");
  }

  @Test
  void aCallerWhoCannotSeeTheManagedSourceCannotPublishIntoIt() {
    layout(Claims.of("org", "acme"));
    Caller outsider = withClaims(PLATFORM, Role.MANAGE_ENTRIES);

    assertThatThrownBy(
            () -> service.publish(EntryType.SERVER, "io.example/srv@1.0.0", PLATFORM, outsider))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("managed source");
    assertThat(store.versions).isEmpty();
  }

  @Test
  void laterVersionsMustCarryExactlyTheClaimsTheFirstVersionSet() {
    layout(Claims.NONE);
    Caller admin = Caller.authenticated("root", Optional.of(Claims.NONE), Set.of(Role.SUPER_ADMIN));
    service.publish(EntryType.SERVER, "io.example/srv@1.0.0", PLATFORM, admin);

    assertThatThrownBy(() -> service.publish(EntryType.SERVER, "io.example/srv@1.1.0", DATA, admin))
        .isInstanceOf(ConflictException.class)
        .hasMessage("claims mismatch: claims do not match existing entry");
    // No claims against the first version's claims is a mismatch too (anonymous, where claims
    // are optional).
    assertThatThrownBy(
            () ->
                service.publish(
                    EntryType.SERVER, "io.example/srv@1.1.0", Claims.NONE, Caller.anonymous()))
        .isInstanceOf(ConflictException.class);
    assertThat(service.publish(EntryType.SERVER, "io.example/srv@1.1.0", PLATFORM, admin).latest())
        .isTrue();
  }

  @Test
  void withoutAManagedSourcePublishingSaysToAddOne() {
    registries.applyConfiguration(new CatalogLayout(List.of(), List.of(), null));

    assertThatThrownBy(
            () ->
                service.publish(
                    EntryType.SERVER, "io.example/srv@1.0.0", Claims.NONE, Caller.anonymous()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("add a source with 'managed: {}'");
  }

  @Test
  void aBrokenDocumentIsRefusedNamingTheFieldInsideTheRequest() {
    layout(Claims.NONE);

    assertThatThrownBy(
            () -> service.publish(EntryType.SERVER, "no version", Claims.NONE, Caller.anonymous()))
        .isInstanceOf(ValidationException.class)
        .extracting(e -> ((ValidationException) e).field())
        .isEqualTo("server.version");
    assertThatThrownBy(
            () -> service.publish(EntryType.SKILL, "no version", Claims.NONE, Caller.anonymous()))
        .isInstanceOf(ValidationException.class)
        .extracting(e -> ((ValidationException) e).field())
        .isEqualTo("skill.version");
  }

  @Test
  void deletingNeedsToSeeTheEntryAndAMissingVersionIsNotFound() {
    layout(Claims.NONE);
    Caller admin = Caller.authenticated("root", Optional.of(Claims.NONE), Set.of(Role.SUPER_ADMIN));
    service.publish(EntryType.SKILL, "pdf@1.0.0", PLATFORM, admin);
    service.publish(EntryType.SKILL, "pdf@2.0.0", PLATFORM, admin);

    assertThatThrownBy(
            () ->
                service.delete(
                    EntryType.SKILL, "pdf", "2.0.0", withClaims(DATA, Role.MANAGE_ENTRIES)))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(
            () ->
                service.delete(
                    EntryType.SKILL, "pdf", "3.0.0", withClaims(PLATFORM, Role.MANAGE_ENTRIES)))
        .isInstanceOf(EntryNotFoundException.class);

    service.delete(EntryType.SKILL, "pdf", "2.0.0", withClaims(PLATFORM, Role.MANAGE_ENTRIES));
    assertThat(store.latest("pdf")).isEqualTo("1.0.0");
  }

  @Test
  void claimsAreReadAndReplacedOnlyByCallersWhoSeeTheOldAndHoldTheNew() {
    layout(Claims.NONE);
    Caller anonymous = Caller.anonymous();
    service.publish(EntryType.PLUGIN, "lint@1.0.0", PLATFORM, anonymous);
    Claims both = new Claims(Map.of("team", List.of("platform", "data")));
    Caller platform = withClaims(PLATFORM, Role.MANAGE_ENTRIES);

    assertThat(service.claims(EntryType.PLUGIN, "lint", platform)).isEqualTo(PLATFORM);
    assertThatThrownBy(
            () -> service.claims(EntryType.PLUGIN, "lint", withClaims(DATA, Role.MANAGE_ENTRIES)))
        .isInstanceOf(AccessDeniedException.class);
    // Granting data needs to hold data.
    assertThatThrownBy(() -> service.changeClaims(EntryType.PLUGIN, "lint", both, platform))
        .isInstanceOf(AccessDeniedException.class);
    // Clearing would leave the entry to superAdmin alone: also a grant the caller cannot make.
    assertThatThrownBy(() -> service.changeClaims(EntryType.PLUGIN, "lint", Claims.NONE, platform))
        .isInstanceOf(AccessDeniedException.class);

    service.changeClaims(EntryType.PLUGIN, "lint", both, withClaims(both, Role.MANAGE_ENTRIES));
    assertThat(service.claims(EntryType.PLUGIN, "lint", platform)).isEqualTo(both);
    service.changeClaims(EntryType.PLUGIN, "lint", Claims.NONE, anonymous);
    assertThat(service.claims(EntryType.PLUGIN, "lint", anonymous)).isEqualTo(Claims.NONE);
    assertThatThrownBy(() -> service.claims(EntryType.SERVER, "lint", anonymous))
        .isInstanceOf(EntryNotFoundException.class);
  }

  /** Reads a server document written as {@code name@version}; anything else lacks a version. */
  private static final class NameAtVersionCheck implements ServerDocumentCheck {
    @Override
    public SourceSnapshot check(List<String> documents, String contentHash) {
      String document = documents.get(0);
      int at = document.indexOf('@');
      if (at < 0) {
        return new SourceSnapshot(
            List.of(),
            List.of(new EntryRejection(0, null, "version", null, "version is required")),
            contentHash);
      }
      return new SourceSnapshot(
          List.of(
              new ServerManifest(
                  ServerName.of(document.substring(0, at)),
                  Version.of(document.substring(at + 1)),
                  null,
                  "a server",
                  ServerStatus.ACTIVE,
                  Set.of(),
                  document,
                  Claims.NONE)),
          List.of(),
          contentHash);
    }
  }

  /** Reads a skill or plugin document written as {@code name@version}, in namespace io.example. */
  private static final class SkillCheck implements ExtensionDocumentCheck {
    @Override
    public SourceSnapshot check(
        dev.waggle.domain.extension.ExtensionKind kind, List<String> documents) {
      String document = documents.get(0);
      int at = document.indexOf('@');
      if (at < 0) {
        return new SourceSnapshot(
            List.of(),
            List.of(
                new EntryRejection(
                    0, null, kind.singular() + ".version", null, "version is required")),
            "published",
            List.of());
      }
      return new SourceSnapshot(
          List.of(),
          List.of(),
          "published",
          List.of(
              new ExtensionEntry(
                  kind,
                  ExtensionId.of("io.example", document.substring(0, at)),
                  Version.of(document.substring(at + 1)),
                  ExtensionStatus.ACTIVE,
                  null,
                  "a " + kind.singular(),
                  document,
                  Claims.NONE)));
    }
  }

  /**
   * Port fake: the managed source's versions in memory by (type, name), latest by semantic version;
   * the check sees the entry's claims before anything changes, as the port requires.
   */
  private static final class FakeManagedStore implements ManagedEntryStore {
    final Map<String, List<Stored>> versions = new LinkedHashMap<>();

    record Stored(String version, Claims claims) {}

    String latest(String name) {
      return versions.entrySet().stream()
          .filter(e -> e.getKey().endsWith(":" + name))
          .flatMap(e -> e.getValue().stream())
          .map(Stored::version)
          .max((a, b) -> Version.of(a).semantic().get().compareTo(Version.of(b).semantic().get()))
          .orElseThrow();
    }

    private StoredVersion add(
        EntryType type, String name, String version, Claims claims, Consumer<Claims> check) {
      List<Stored> stored = versions.computeIfAbsent(type + ":" + name, k -> new ArrayList<>());
      if (!stored.isEmpty()) {
        check.accept(stored.get(0).claims());
      }
      if (stored.stream().anyMatch(s -> s.version().equals(version))) {
        throw ConflictException.versionExists(name, version);
      }
      stored.add(new Stored(version, claims));
      boolean latest = latest(name).equals(version);
      return new StoredVersion("1", latest, Instant.EPOCH, Instant.EPOCH);
    }

    @Override
    public StoredVersion publishServer(
        SourceName source, ServerManifest server, Consumer<Claims> check) {
      return add(
          EntryType.SERVER,
          server.name().value(),
          server.version().value(),
          server.claims(),
          check);
    }

    @Override
    public StoredVersion publishExtension(
        SourceName source, ExtensionEntry entry, Consumer<Claims> check) {
      return add(
          EntryType.of(entry.kind()),
          entry.id().name(),
          entry.version().value(),
          entry.claims(),
          check);
    }

    @Override
    public boolean deleteVersion(
        SourceName source, EntryType type, String name, String version, Consumer<Claims> check) {
      List<Stored> stored = versions.getOrDefault(type + ":" + name, List.of());
      Optional<Stored> target =
          stored.stream().filter(s -> s.version().equals(version)).findFirst();
      if (target.isEmpty()) {
        return false;
      }
      check.accept(target.get().claims());
      stored.remove(target.get());
      return true;
    }

    @Override
    public Optional<Claims> claims(SourceName source, EntryType type, String name) {
      return versions.getOrDefault(type + ":" + name, List.of()).stream()
          .findFirst()
          .map(Stored::claims);
    }

    @Override
    public boolean replaceClaims(
        SourceName source, EntryType type, String name, Claims claims, Consumer<Claims> check) {
      List<Stored> stored = versions.get(type + ":" + name);
      if (stored == null || stored.isEmpty()) {
        return false;
      }
      check.accept(stored.get(0).claims());
      stored.replaceAll(s -> new Stored(s.version(), claims));
      return true;
    }
  }
}
