package dev.waggle.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.application.port.in.ExtensionNotFoundException;
import dev.waggle.application.port.in.ExtensionPage;
import dev.waggle.application.port.in.ListExtensionsQuery;
import dev.waggle.application.port.in.RegistryAccessDeniedException;
import dev.waggle.application.port.out.ExtensionCatalogStore;
import dev.waggle.application.testing.TwoSourceRegistry;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.access.Role;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.extension.ExtensionCursor;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.extension.ExtensionId;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionStatus;
import dev.waggle.domain.registry.RegistryName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BrowseExtensionsServiceTest {
  private static final RegistryName TEAM = RegistryName.of("team");
  private static final Claims PLATFORM = Claims.of("team", "platform");
  private static final Claims DATA = Claims.of("team", "data");

  private final TwoSourceRegistry registry = new TwoSourceRegistry(TEAM, PLATFORM);
  private final SortedStore store = new SortedStore();
  private final BrowseExtensionsService browse =
      new BrowseExtensionsService(registry.storage(), store);

  /** The port as the adapter answers it: one kind's rows in identity and version order. */
  private static final class SortedStore implements ExtensionCatalogStore {
    final List<ExtensionEntry> rows = new ArrayList<>();
    int reads;

    private static final Comparator<ExtensionEntry> ORDER =
        Comparator.comparing((ExtensionEntry e) -> e.id().namespace())
            .thenComparing(e -> e.id().name())
            .thenComparing(e -> e.version().value());

    void add(String name, Claims claims) {
      rows.add(
          new ExtensionEntry(
              ExtensionKind.SKILL,
              ExtensionId.of("io.acme", name),
              Version.of("1.0.0"),
              ExtensionStatus.ACTIVE,
              name,
              "the " + name + " skill",
              "{\"name\":\"" + name + "\"}",
              claims));
      rows.sort(ORDER);
    }

    @Override
    public List<ExtensionEntry> list(
        RegistryName registry,
        ExtensionKind kind,
        Optional<ExtensionCursor> after,
        int limit,
        Optional<String> search,
        Optional<ExtensionStatus> status) {
      reads++;
      return rows.stream()
          .filter(
              e ->
                  after.isEmpty()
                      || ORDER.compare(
                              e,
                              new ExtensionEntry(
                                  kind,
                                  after.get().id(),
                                  after.get().version(),
                                  ExtensionStatus.ACTIVE,
                                  null,
                                  "x",
                                  "{}",
                                  Claims.NONE))
                          > 0)
          .limit(limit)
          .toList();
    }

    @Override
    public List<ExtensionEntry> versions(
        RegistryName registry, ExtensionKind kind, ExtensionId id) {
      return rows.stream().filter(e -> e.id().equals(id)).toList();
    }

    @Override
    public Optional<ExtensionEntry> version(
        RegistryName registry, ExtensionKind kind, ExtensionId id, Optional<Version> version) {
      return rows.stream().filter(e -> e.id().equals(id)).findFirst();
    }
  }

  private static Caller member(Claims claims) {
    return Caller.authenticated("member", Optional.of(claims), Set.of());
  }

  private ExtensionPage page(Caller caller, Optional<ExtensionCursor> cursor, int limit) {
    return browse.list(
        new ListExtensionsQuery(
            TEAM, ExtensionKind.SKILL, cursor, limit, Optional.empty(), Optional.empty(), caller));
  }

  private static List<String> names(ExtensionPage page) {
    return page.items().stream().map(e -> e.id().name()).toList();
  }

  @Test
  void everyPageButTheLastIsFullAndTheCursorNamesOnlyWhatTheCallerSaw() {
    // Hidden entries sit on every page boundary: a, [hidden], b, [hidden], c, ...
    Claims both = new Claims(java.util.Map.of("team", List.of("platform", "data")));
    for (String name : List.of("a1", "b1", "c1", "d1", "e1")) {
      store.add(name, both);
    }
    for (String name : List.of("a2", "b2", "c2", "d2", "e2")) {
      store.add(name, DATA);
    }
    Caller platform = member(PLATFORM);
    List<String> seen = new ArrayList<>();
    Optional<ExtensionCursor> cursor = Optional.empty();
    do {
      ExtensionPage page = page(platform, cursor, 2);
      seen.addAll(names(page));
      if (page.next().isPresent()) {
        assertThat(page.items()).hasSize(2);
        assertThat(page.next().get().id().name()).isEqualTo(names(page).get(1));
      }
      cursor = page.next();
    } while (cursor.isPresent());
    assertThat(seen).containsExactly("a1", "b1", "c1", "d1", "e1");
  }

  @Test
  void aCallerWhoSeesNothingOfALongListGetsOneEmptyPage() {
    for (int i = 0; i < 30; i++) {
      store.add(String.format("hidden%02d", i), DATA);
    }
    ExtensionPage page = page(member(PLATFORM), Optional.empty(), 3);
    assertThat(page.items()).isEmpty();
    assertThat(page.next()).isEmpty();
  }

  @Test
  void theRegistryGateRefusesACallerWhoseClaimsDoNotReachTheRegistry() {
    store.add("a1", PLATFORM);
    assertThatThrownBy(() -> page(member(DATA), Optional.empty(), 10))
        .isInstanceOf(RegistryAccessDeniedException.class)
        .hasMessageContaining("forbidden");
    assertThat(
            names(
                page(
                    Caller.authenticated("root", Optional.of(DATA), Set.of(Role.SUPER_ADMIN)),
                    Optional.empty(),
                    10)))
        .containsExactly("a1");
  }

  @Test
  void aHiddenEntryIsNotFound() {
    store.add("secret", DATA);
    ExtensionId id = ExtensionId.of("io.acme", "secret");
    assertThatThrownBy(
            () ->
                browse.version(
                    TEAM, ExtensionKind.SKILL, id, VersionSelector.LATEST, member(PLATFORM)))
        .isInstanceOf(ExtensionNotFoundException.class);
    assertThatThrownBy(() -> browse.versions(TEAM, ExtensionKind.SKILL, id, member(PLATFORM)))
        .isInstanceOf(ExtensionNotFoundException.class);
  }
}
