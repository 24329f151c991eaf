package dev.waggle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.Version;
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
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Skills and plugins on the real embedded PostgreSQL: stored with a source's servers in one
 * transaction, served per registry with source precedence, paged by keyset.
 */
class ExtensionStorageTest {
  private static final RegistryName MAIN = RegistryName.of("main");
  private static final RegistryName REVERSED = RegistryName.of("reversed");
  private static final ExtensionKind SKILL = ExtensionKind.SKILL;

  private TestCatalog catalog;
  private JdbiExtensionCatalogStore store;

  @BeforeEach
  void twoSourcesInTwoOrders() {
    catalog = TestCatalog.migrated();
    store = new JdbiExtensionCatalogStore(catalog.storage.jdbi());
    catalog.registries.applyConfiguration(
        new CatalogLayout(
            List.of(TestCatalog.fileSource("first"), TestCatalog.fileSource("second")),
            List.of(
                new RegistryDefinition(
                    MAIN, List.of(SourceName.of("first"), SourceName.of("second")), Claims.NONE),
                new RegistryDefinition(
                    REVERSED,
                    List.of(SourceName.of("second"), SourceName.of("first")),
                    Claims.NONE)),
            null));
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  static ExtensionEntry entry(
      ExtensionKind kind, String namespace, String name, String version, ExtensionStatus status) {
    return entry(kind, namespace, name, version, status, "Does things", "");
  }

  static ExtensionEntry entry(
      ExtensionKind kind,
      String namespace,
      String name,
      String version,
      ExtensionStatus status,
      String description,
      String origin) {
    return new ExtensionEntry(
        kind,
        ExtensionId.of(namespace, name),
        Version.of(version),
        status,
        null,
        description,
        "{\"namespace\":\""
            + namespace
            + "\",\"name\":\""
            + name
            + "\",\"version\":\""
            + version
            + "\",\"origin\":\""
            + origin
            + "\"}",
        Claims.NONE);
  }

  private static ExtensionEntry skill(String namespace, String name, String version) {
    return entry(SKILL, namespace, name, version, ExtensionStatus.ACTIVE);
  }

  private void store(String source, ExtensionEntry... extensions) {
    catalog.entries.replaceSourceContents(
        SourceName.of(source),
        List.of(TestCatalog.server("io.x/" + source, "1.0.0")),
        List.of(extensions));
  }

  private List<String> all(RegistryName registry, ExtensionKind kind) {
    return ids(
        store.list(registry, kind, Optional.empty(), 100, Optional.empty(), Optional.empty()));
  }

  private static List<String> ids(List<ExtensionEntry> entries) {
    return entries.stream().map(e -> e.id() + "@" + e.version().value()).toList();
  }

  @Test
  void eachIdentityComesWholeFromTheFirstSourceOfTheRegistryThatHoldsIt() {
    store("first", skill("io.github.acme", "pdf", "1.0.0"));
    store(
        "second",
        skill("io.github.acme", "pdf", "2.0.0"),
        skill("io.github.acme", "pdf", "3.0.0"),
        skill("io.github.other", "pdf", "0.1.0"));

    assertThat(all(MAIN, SKILL))
        .containsExactly("io.github.acme/pdf@1.0.0", "io.github.other/pdf@0.1.0");
    assertThat(all(REVERSED, SKILL))
        .containsExactly(
            "io.github.acme/pdf@2.0.0", "io.github.acme/pdf@3.0.0", "io.github.other/pdf@0.1.0");
    assertThat(ids(store.versions(MAIN, SKILL, ExtensionId.of("io.github.acme", "pdf"))))
        .containsExactly("io.github.acme/pdf@1.0.0");
    assertThat(
            store
                .version(MAIN, SKILL, ExtensionId.of("io.github.acme", "pdf"), Optional.empty())
                .orElseThrow()
                .version())
        .isEqualTo(Version.of("1.0.0"));
  }

  @Test
  void theLatestIsTheHighestSemanticVersionNotTheLastString() {
    store(
        "first",
        skill("io.github.acme", "pdf", "1.10.0"),
        skill("io.github.acme", "pdf", "1.9.0"),
        skill("io.github.acme", "pdf", "1.2.0"));
    ExtensionId pdf = ExtensionId.of("io.github.acme", "pdf");

    assertThat(store.version(MAIN, SKILL, pdf, Optional.empty()).orElseThrow().version())
        .isEqualTo(Version.of("1.10.0"));
    assertThat(store.version(MAIN, SKILL, pdf, Optional.of(Version.of("1.9.0")))).isPresent();
    assertThat(store.version(MAIN, SKILL, pdf, Optional.of(Version.of("9.9.9")))).isEmpty();
    assertThat(store.versions(MAIN, SKILL, pdf)).hasSize(3);
  }

  @Test
  void skillsAndPluginsOfTheSameNameAreSeparateEntries() {
    store(
        "first",
        skill("io.github.acme", "tool", "1.0.0"),
        entry(ExtensionKind.PLUGIN, "io.github.acme", "tool", "5.0.0", ExtensionStatus.ACTIVE));

    assertThat(all(MAIN, SKILL)).containsExactly("io.github.acme/tool@1.0.0");
    assertThat(all(MAIN, ExtensionKind.PLUGIN)).containsExactly("io.github.acme/tool@5.0.0");
    assertThat(
            store
                .version(MAIN, SKILL, ExtensionId.of("io.github.acme", "tool"), Optional.empty())
                .orElseThrow()
                .version())
        .isEqualTo(Version.of("1.0.0"));
  }

  @Test
  void keysetPagesWalkEveryVersionOnceInOrder() {
    List<ExtensionEntry> many = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      many.add(skill("io.github.n" + (i % 3), "s" + i, "1.0." + i));
    }
    store("first", many.toArray(ExtensionEntry[]::new));
    store("second", skill("io.github.n0", "s0", "9.0.0"));

    List<String> walked = new ArrayList<>();
    Optional<ExtensionCursor> after = Optional.empty();
    List<ExtensionEntry> page;
    do {
      page = store.list(MAIN, SKILL, after, 3, Optional.empty(), Optional.empty());
      walked.addAll(ids(page));
      if (!page.isEmpty()) {
        ExtensionEntry last = page.get(page.size() - 1);
        after = Optional.of(new ExtensionCursor(last.id(), last.version()));
      }
    } while (page.size() == 3);

    assertThat(walked).hasSize(7).doesNotHaveDuplicates().isEqualTo(all(MAIN, SKILL));
    assertThat(walked).doesNotContain("io.github.n0/s0@9.0.0");
  }

  @Test
  void theStatusFilterAndTheSearchNarrowTheList() {
    store(
        "first",
        entry(
            SKILL, "io.github.acme", "pdf", "1.0.0", ExtensionStatus.ACTIVE, "Reads PDF files", ""),
        entry(SKILL, "io.github.acme", "pdf", "0.9.0", ExtensionStatus.DEPRECATED, "Reads PDF", ""),
        entry(SKILL, "io.github.acme", "ocr", "1.0.0", ExtensionStatus.ARCHIVED, "Scans 100%", ""));

    assertThat(
            ids(
                store.list(
                    MAIN,
                    SKILL,
                    Optional.empty(),
                    10,
                    Optional.empty(),
                    Optional.of(ExtensionStatus.DEPRECATED))))
        .containsExactly("io.github.acme/pdf@0.9.0");
    assertThat(
            ids(
                store.list(
                    MAIN, SKILL, Optional.empty(), 10, Optional.of("pdf FILES"), Optional.empty())))
        .containsExactly("io.github.acme/pdf@1.0.0");
    assertThat(
            ids(
                store.list(
                    MAIN, SKILL, Optional.empty(), 10, Optional.of("acme/OCR"), Optional.empty())))
        .containsExactly("io.github.acme/ocr@1.0.0");
    // A % is text to find, not a wildcard.
    assertThat(
            ids(store.list(MAIN, SKILL, Optional.empty(), 10, Optional.of("0%"), Optional.empty())))
        .containsExactly("io.github.acme/ocr@1.0.0");
    assertThat(store.list(MAIN, SKILL, Optional.empty(), 10, Optional.of("s%f"), Optional.empty()))
        .isEmpty();
  }

  @Test
  void aNewSyncReplacesTheSourcesSkillsAndOneWithoutAnyRemovesThem() {
    store(
        "first", skill("io.github.acme", "pdf", "1.0.0"), skill("io.github.acme", "ocr", "1.0.0"));
    store("first", skill("io.github.acme", "pdf", "2.0.0"));

    assertThat(all(MAIN, SKILL)).containsExactly("io.github.acme/pdf@2.0.0");

    catalog.replace("first", TestCatalog.server("io.x/first", "1.0.0"));

    assertThat(all(MAIN, SKILL)).isEmpty();
  }

  @Test
  void aSkillThatCannotBeStoredLeavesTheServersAndSkillsOfTheLastSyncInPlace() {
    store("first", skill("io.github.acme", "pdf", "1.0.0"));
    ExtensionEntry unstorable =
        entry(SKILL, "io.github.acme", "nul", "1.0.0", ExtensionStatus.ACTIVE, "has a \u0000", "");

    assertThatThrownBy(
            () ->
                catalog.entries.replaceSourceContents(
                    SourceName.of("first"),
                    List.of(TestCatalog.server("io.x/replacement", "1.0.0")),
                    List.of(unstorable)))
        .isInstanceOf(RuntimeException.class);

    assertThat(all(MAIN, SKILL)).containsExactly("io.github.acme/pdf@1.0.0");
    assertThat(TestCatalog.ids(catalog.all("main")))
        .contains("io.x/first@1.0.0")
        .doesNotContain("io.x/replacement@1.0.0");
  }

  @Test
  void aRegistryThatDoesNotListTheSourceServesNoneOfItsSkills() {
    store("first", skill("io.github.acme", "pdf", "1.0.0"));

    assertThat(all(RegistryName.of("nowhere"), SKILL)).isEmpty();
  }
}
