package dev.waggle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.application.port.in.ExtensionNotFoundException;
import dev.waggle.application.port.in.ExtensionPage;
import dev.waggle.application.port.in.ListExtensionsQuery;
import dev.waggle.application.service.BrowseExtensionsService;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.access.Role;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.extension.ExtensionCursor;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.extension.ExtensionId;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionStatus;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Skills served per caller on the real embedded PostgreSQL: a copy the caller may not see in the
 * registry's first source gives way to the next source's, through every read and across pages.
 */
class ExtensionShadowingTest {
  private static final RegistryName MAIN = RegistryName.of("main");
  private static final ExtensionKind SKILL = ExtensionKind.SKILL;
  private static final Claims PLATFORM = Claims.of("team", "platform");
  private static final Claims DATA = Claims.of("team", "data");
  private static final ExtensionId PDF = ExtensionId.of("io.acme", "pdf");

  private TestCatalog catalog;
  private BrowseExtensionsService browse;

  /**
   * The first source holds alpha (platform) and pdf 1.0.0 (data); the second holds pdf 1.0.0 and
   * 2.0.0 (platform) and zeta (data).
   */
  @BeforeEach
  void twoSourcesWithClaimedSkills() {
    catalog = TestCatalog.migrated();
    browse =
        new BrowseExtensionsService(
            catalog.registries, new JdbiExtensionCatalogStore(catalog.storage.jdbi()));
    catalog.registries.applyConfiguration(
        new CatalogLayout(
            List.of(TestCatalog.fileSource("first"), TestCatalog.fileSource("second")),
            List.of(
                new RegistryDefinition(
                    MAIN,
                    List.of(SourceName.of("first"), SourceName.of("second")),
                    TestCatalog.ANY_TEAM)),
            null));
    store(
        "first", skill("alpha", "1.0.0", "first", PLATFORM), skill("pdf", "1.0.0", "first", DATA));
    store(
        "second",
        skill("pdf", "1.0.0", "second", PLATFORM),
        skill("pdf", "2.0.0", "second", PLATFORM),
        skill("zeta", "1.0.0", "second", DATA));
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  private static ExtensionEntry skill(String name, String version, String origin, Claims claims) {
    return ExtensionStorageTest.entry(
            SKILL, "io.acme", name, version, ExtensionStatus.ACTIVE, "from " + origin, origin)
        .withClaims(claims);
  }

  private void store(String source, ExtensionEntry... extensions) {
    catalog.entries.replaceSourceContents(
        SourceName.of(source),
        List.of(TestCatalog.server("io.x/" + source, "1.0.0")),
        List.of(extensions));
  }

  private static Caller member(Claims claims) {
    return Caller.authenticated("member", Optional.of(claims), Set.of());
  }

  private ExtensionPage page(Caller caller, Optional<ExtensionCursor> cursor, int limit) {
    return browse.list(
        new ListExtensionsQuery(
            MAIN, SKILL, cursor, limit, Optional.empty(), Optional.empty(), caller));
  }

  /**
   * Every item of every page, as name@version from origin, checking each page but the last is full.
   */
  private List<String> everyPage(Caller caller, int limit) {
    List<String> seen = new ArrayList<>();
    Optional<ExtensionCursor> cursor = Optional.empty();
    do {
      ExtensionPage page = page(caller, cursor, limit);
      page.items().forEach(e -> seen.add(described(e)));
      if (page.next().isPresent()) {
        assertThat(page.items()).hasSize(limit);
      }
      cursor = page.next();
    } while (cursor.isPresent());
    return seen;
  }

  private static String described(ExtensionEntry e) {
    return e.id().name() + "@" + e.version().value() + " " + e.description();
  }

  @Test
  void givenTheFirstSourcesCopyHidden_whenListed_thenTheSecondSourcesVersionsAreServed() {
    assertThat(everyPage(member(PLATFORM), 100))
        .containsExactly(
            "alpha@1.0.0 from first", "pdf@1.0.0 from second", "pdf@2.0.0 from second");
    // One item a page: the same version in both sources sits on a page boundary.
    assertThat(everyPage(member(PLATFORM), 1))
        .containsExactly(
            "alpha@1.0.0 from first", "pdf@1.0.0 from second", "pdf@2.0.0 from second");
    assertThat(everyPage(member(DATA), 1))
        .containsExactly("pdf@1.0.0 from first", "zeta@1.0.0 from second");
  }

  @Test
  void givenTheFirstSourcesCopyHidden_whenReadByName_thenTheSecondSourcesCopyIsServed() {
    Caller platform = member(PLATFORM);
    assertThat(browse.versions(MAIN, SKILL, PDF, platform))
        .extracting(ExtensionShadowingTest::described)
        .containsExactly("pdf@2.0.0 from second", "pdf@1.0.0 from second");
    assertThat(described(browse.version(MAIN, SKILL, PDF, VersionSelector.LATEST, platform)))
        .isEqualTo("pdf@2.0.0 from second");
    assertThat(
            described(browse.version(MAIN, SKILL, PDF, VersionSelector.parse("1.0.0"), platform)))
        .isEqualTo("pdf@1.0.0 from second");

    Caller data = member(DATA);
    assertThat(described(browse.version(MAIN, SKILL, PDF, VersionSelector.LATEST, data)))
        .isEqualTo("pdf@1.0.0 from first");
    assertThatThrownBy(() -> browse.version(MAIN, SKILL, PDF, VersionSelector.parse("2.0.0"), data))
        .isInstanceOf(ExtensionNotFoundException.class);
  }

  @Test
  void givenEveryCopyHidden_whenRead_thenTheSkillIsNotFound() {
    Caller ops = member(new Claims(Map.of("team", List.of("ops"))));
    assertThat(everyPage(ops, 10)).isEmpty();
    assertThatThrownBy(() -> browse.versions(MAIN, SKILL, PDF, ops))
        .isInstanceOf(ExtensionNotFoundException.class);
    assertThatThrownBy(() -> browse.version(MAIN, SKILL, PDF, VersionSelector.LATEST, ops))
        .isInstanceOf(ExtensionNotFoundException.class);
  }

  @Test
  void givenACallerWhoSeesEverything_whenRead_thenTheFirstSourceWinsAsBefore() {
    Caller root = Caller.authenticated("root", Optional.of(PLATFORM), Set.of(Role.SUPER_ADMIN));
    for (Caller caller : List.of(Caller.anonymous(), root)) {
      assertThat(everyPage(caller, 1))
          .containsExactly(
              "alpha@1.0.0 from first", "pdf@1.0.0 from first", "zeta@1.0.0 from second");
      assertThat(described(browse.version(MAIN, SKILL, PDF, VersionSelector.LATEST, caller)))
          .isEqualTo("pdf@1.0.0 from first");
    }
  }

  @Test
  void givenTheFirstSourceLosesTheSkill_whenRead_thenTheSecondSourceServesEveryone() {
    store("first", skill("alpha", "1.0.0", "first", PLATFORM));
    assertThat(
            described(browse.version(MAIN, SKILL, PDF, VersionSelector.LATEST, Caller.anonymous())))
        .isEqualTo("pdf@2.0.0 from second");
    assertThatThrownBy(() -> browse.versions(MAIN, SKILL, PDF, member(DATA)))
        .isInstanceOf(ExtensionNotFoundException.class);
  }
}
