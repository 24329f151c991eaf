package dev.waggle.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.application.port.in.ExtensionNotFoundException;
import dev.waggle.application.port.in.ExtensionPage;
import dev.waggle.application.port.in.ListExtensionsQuery;
import dev.waggle.application.port.in.RegistryAccessDeniedException;
import dev.waggle.application.port.out.ExtensionCatalogStore;
import dev.waggle.application.port.out.ExtensionCatalogStore.SourcedCursor;
import dev.waggle.application.port.out.ExtensionCatalogStore.SourcedEntry;
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
import dev.waggle.domain.extension.ExtensionPrecedence.Holding;
import dev.waggle.domain.extension.ExtensionStatus;
import dev.waggle.domain.registry.RegistryName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * The port as the adapter answers it, over rows each held by a source at a place in the
   * registry's order; counts the per-name reads so that the fast path can be seen to skip them.
   */
  private static final class SortedStore implements ExtensionCatalogStore {
    final List<SourcedEntry> rows = new ArrayList<>();
    int reads;
    int everySourceReads;

    private static final Comparator<SourcedEntry> ORDER =
        Comparator.comparing((SourcedEntry e) -> e.entry().id().namespace())
            .thenComparing(e -> e.entry().id().name())
            .thenComparing(e -> e.entry().version().value())
            .thenComparingInt(SourcedEntry::position);

    void add(String name, Claims claims) {
      add(0, name, "1.0.0", claims);
    }

    void add(int position, String name, String version, Claims claims) {
      rows.add(
          new SourcedEntry(
              new ExtensionEntry(
                  ExtensionKind.SKILL,
                  ExtensionId.of("io.acme", name),
                  Version.of(version),
                  ExtensionStatus.ACTIVE,
                  name,
                  "the " + name + " skill from source " + position,
                  "{\"name\":\"" + name + "\"}",
                  claims),
              position,
              false));
      rows.sort(ORDER);
      // Each source's highest version is its latest, as sync marks it.
      for (int i = 0; i < rows.size(); i++) {
        SourcedEntry row = rows.get(i);
        boolean latest =
            rows.stream()
                .filter(
                    o -> o.position() == row.position() && o.entry().id().equals(row.entry().id()))
                .allMatch(
                    o -> o.entry().version().value().compareTo(row.entry().version().value()) <= 0);
        rows.set(i, new SourcedEntry(row.entry(), row.position(), latest));
      }
    }

    /** The rows of sources no earlier source shadows for their name, claims unchecked. */
    private List<ExtensionEntry> winners() {
      return rows.stream()
          .filter(
              r ->
                  rows.stream()
                      .noneMatch(
                          o ->
                              o.entry().id().equals(r.entry().id()) && o.position() < r.position()))
          .map(SourcedEntry::entry)
          .toList();
    }

    private static boolean after(SourcedEntry row, ExtensionCursor cursor, int position) {
      int order =
          Comparator.comparing((ExtensionCursor c) -> c.id().namespace())
              .thenComparing(c -> c.id().name())
              .thenComparing(c -> c.version().value())
              .compare(new ExtensionCursor(row.entry().id(), row.entry().version()), cursor);
      return order > 0 || (order == 0 && row.position() > position);
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
      List<ExtensionEntry> winners = winners();
      return rows.stream()
          .filter(r -> winners.contains(r.entry()))
          .filter(r -> after.isEmpty() || after(r, after.get(), Integer.MAX_VALUE))
          .map(SourcedEntry::entry)
          .limit(limit)
          .toList();
    }

    @Override
    public List<ExtensionEntry> versions(
        RegistryName registry, ExtensionKind kind, ExtensionId id) {
      return winners().stream().filter(e -> e.id().equals(id)).toList();
    }

    @Override
    public Optional<ExtensionEntry> version(
        RegistryName registry, ExtensionKind kind, ExtensionId id, Optional<Version> version) {
      List<ExtensionEntry> winners = winners();
      return rows.stream()
          .filter(r -> winners.contains(r.entry()) && r.entry().id().equals(id))
          .filter(r -> version.map(v -> r.entry().version().equals(v)).orElse(r.latest()))
          .map(SourcedEntry::entry)
          .findFirst();
    }

    @Override
    public List<SourcedEntry> listEverySource(
        RegistryName registry,
        ExtensionKind kind,
        Optional<SourcedCursor> after,
        int limit,
        Optional<String> search,
        Optional<ExtensionStatus> status) {
      reads++;
      return rows.stream()
          .filter(r -> after.isEmpty() || after(r, after.get().cursor(), after.get().position()))
          .limit(limit)
          .toList();
    }

    @Override
    public Map<ExtensionId, List<Holding>> holdings(
        RegistryName registry, ExtensionKind kind, Collection<ExtensionId> ids) {
      everySourceReads++;
      Map<ExtensionId, List<Holding>> holdings = new HashMap<>();
      for (SourcedEntry row : rows) {
        if (ids.contains(row.entry().id())) {
          holdings
              .computeIfAbsent(row.entry().id(), id -> new ArrayList<>())
              .add(new Holding(row.position(), row.entry().claims()));
        }
      }
      return holdings;
    }

    @Override
    public List<SourcedEntry> everySource(
        RegistryName registry, ExtensionKind kind, ExtensionId id) {
      everySourceReads++;
      return rows.stream().filter(r -> r.entry().id().equals(id)).toList();
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

  private static final Caller ANONYMOUS = Caller.anonymous();
  private static final Caller ROOT =
      Caller.authenticated("root", Optional.of(DATA), Set.of(Role.SUPER_ADMIN));
  private static final Claims BOTH = new Claims(Map.of("team", List.of("platform", "data")));
  private static final ExtensionId SHARED = ExtensionId.of("io.acme", "shared");

  /** Source 0 holds io.acme/shared 1.0.0 for the data team, source 1 holds 2.0.0 for platform. */
  private void shadowedForPlatform() {
    store.add(0, "shared", "1.0.0", DATA);
    store.add(1, "shared", "2.0.0", PLATFORM);
    store.add(1, "shared", "2.1.0", PLATFORM);
  }

  private List<String> versionsServed(Caller caller) {
    return browse.versions(TEAM, ExtensionKind.SKILL, SHARED, caller).stream()
        .map(e -> e.version().value())
        .toList();
  }

  private String served(Caller caller, VersionSelector selector) {
    return browse.version(TEAM, ExtensionKind.SKILL, SHARED, selector, caller).version().value();
  }

  @Test
  void givenTheFirstSourcesCopyHidden_whenAnyReadAsks_thenTheNextSourcesCopyIsServed() {
    shadowedForPlatform();
    Caller platform = member(PLATFORM);

    assertThat(page(platform, Optional.empty(), 10).items())
        .extracting(e -> e.version().value())
        .containsExactly("2.0.0", "2.1.0");
    assertThat(versionsServed(platform)).containsExactly("2.1.0", "2.0.0");
    assertThat(served(platform, VersionSelector.LATEST)).isEqualTo("2.1.0");
    assertThat(served(platform, VersionSelector.parse("2.0.0"))).isEqualTo("2.0.0");
    // The first source's version does not leak through the exact read either.
    assertThatThrownBy(
            () ->
                browse.version(
                    TEAM, ExtensionKind.SKILL, SHARED, VersionSelector.parse("1.0.0"), platform))
        .isInstanceOf(ExtensionNotFoundException.class);
  }

  @Test
  void givenACallerWhoSeesTheFirstSource_whenItReads_thenOnlyTheFirstSourcesVersionsAreServed() {
    shadowedForPlatform();
    // A member of both teams (the registry admits only the platform team) sees the first copy.
    Caller caller = member(BOTH);
    assertThat(page(caller, Optional.empty(), 10).items())
        .extracting(e -> e.version().value())
        .containsExactly("1.0.0");
    assertThat(versionsServed(caller)).containsExactly("1.0.0");
    assertThat(served(caller, VersionSelector.LATEST)).isEqualTo("1.0.0");
    assertThatThrownBy(
            () ->
                browse.version(
                    TEAM, ExtensionKind.SKILL, SHARED, VersionSelector.parse("2.0.0"), caller))
        .isInstanceOf(ExtensionNotFoundException.class);
  }

  @Test
  void givenEveryCopyHidden_whenACallerReads_thenTheEntryIsAbsent() {
    store.add(0, "shared", "1.0.0", DATA);
    store.add(1, "shared", "2.0.0", DATA);
    Caller platform = member(PLATFORM);

    assertThat(page(platform, Optional.empty(), 10).items()).isEmpty();
    assertThatThrownBy(() -> browse.versions(TEAM, ExtensionKind.SKILL, SHARED, platform))
        .isInstanceOf(ExtensionNotFoundException.class);
    assertThatThrownBy(() -> served(platform, VersionSelector.LATEST))
        .isInstanceOf(ExtensionNotFoundException.class);
  }

  @Test
  void givenACallerWhoSeesEverything_whenItReads_thenTheFirstSourceWinsWithoutPerNameReads() {
    shadowedForPlatform();
    for (Caller caller : List.of(ANONYMOUS, ROOT)) {
      assertThat(page(caller, Optional.empty(), 10).items())
          .extracting(e -> e.version().value())
          .containsExactly("1.0.0");
      assertThat(versionsServed(caller)).containsExactly("1.0.0");
      assertThat(served(caller, VersionSelector.LATEST)).isEqualTo("1.0.0");
    }
    assertThat(store.everySourceReads).isZero();
  }

  @Test
  void givenShadowedNamesOnEveryPageBoundary_whenPaged_thenPagesAreFullAndNothingRepeats() {
    // Each name is in both sources; platform sees the first source's copy of every other name and
    // only the second source's copy of the rest, with two versions there.
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String name = "n" + i;
      if (i % 2 == 0) {
        store.add(0, name, "1.0.0", PLATFORM);
        store.add(1, name, "1.0.0", PLATFORM);
        expected.add(name + "@1.0.0");
      } else {
        store.add(0, name, "1.0.0", DATA);
        store.add(1, name, "1.0.0", PLATFORM);
        store.add(1, name, "3.0.0", PLATFORM);
        expected.add(name + "@1.0.0");
        expected.add(name + "@3.0.0");
      }
    }
    List<String> seen = new ArrayList<>();
    Optional<ExtensionCursor> cursor = Optional.empty();
    do {
      ExtensionPage page = page(member(PLATFORM), cursor, 3);
      page.items().forEach(e -> seen.add(e.id().name() + "@" + e.version().value()));
      if (page.next().isPresent()) {
        assertThat(page.items()).hasSize(3);
      }
      cursor = page.next();
    } while (cursor.isPresent());
    assertThat(seen).isEqualTo(expected);
  }
}
