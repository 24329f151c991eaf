package dev.waggle.adapters.http;

import dev.waggle.application.port.in.BrowseExtensions;
import dev.waggle.application.port.in.ExtensionNotFoundException;
import dev.waggle.application.port.in.ExtensionPage;
import dev.waggle.application.port.in.ListExtensionsQuery;
import dev.waggle.application.port.in.RegistryNotFoundException;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.extension.ExtensionCursor;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.extension.ExtensionId;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionStatus;
import dev.waggle.domain.extension.ExtensionVersions;
import dev.waggle.domain.registry.RegistryName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Test fake of the {@link BrowseExtensions} port: one registry, {@code default}, holding the
 * entries a test adds; remembers the last list query so a test can see what the adapter parsed.
 */
final class FakeBrowseExtensions implements BrowseExtensions {
  static final RegistryName REGISTRY = RegistryName.of("default");
  private static final Comparator<ExtensionEntry> ORDER =
      Comparator.comparing((ExtensionEntry e) -> e.id().namespace())
          .thenComparing(e -> e.id().name())
          .thenComparing(e -> e.version().value());

  private final List<ExtensionEntry> entries = new ArrayList<>();
  volatile ListExtensionsQuery lastQuery;

  FakeBrowseExtensions add(
      ExtensionKind kind, String namespace, String name, String version, ExtensionStatus status) {
    String document =
        "{\"namespace\":\""
            + namespace
            + "\",\"name\":\""
            + name
            + "\",\"description\":\"d\",\"version\":\""
            + version
            + "\",\"status\":\""
            + status.wireName()
            + "\"}";
    entries.add(
        new ExtensionEntry(
            kind,
            ExtensionId.of(namespace, name),
            Version.of(version),
            status,
            null,
            "d",
            document,
            Claims.NONE));
    return this;
  }

  @Override
  public ExtensionPage list(ListExtensionsQuery query) {
    lastQuery = query;
    known(query.registry());
    List<ExtensionEntry> matching =
        entries.stream()
            .filter(e -> e.kind() == query.kind())
            .filter(e -> query.status().map(s -> s == e.status()).orElse(true))
            .filter(e -> query.cursor().map(c -> ORDER.compare(e, at(c)) > 0).orElse(true))
            .sorted(ORDER)
            .toList();
    List<ExtensionEntry> page = matching.stream().limit(query.limit()).toList();
    Optional<ExtensionCursor> next =
        matching.size() > query.limit()
            ? Optional.of(
                new ExtensionCursor(
                    page.get(page.size() - 1).id(), page.get(page.size() - 1).version()))
            : Optional.empty();
    return new ExtensionPage(page, next);
  }

  @Override
  public List<ExtensionEntry> versions(
      RegistryName registry, ExtensionKind kind, ExtensionId id, Caller caller) {
    known(registry);
    List<ExtensionEntry> found = of(kind, id);
    if (found.isEmpty()) {
      throw new ExtensionNotFoundException(kind, id, null);
    }
    return found;
  }

  @Override
  public ExtensionEntry version(
      RegistryName registry,
      ExtensionKind kind,
      ExtensionId id,
      VersionSelector version,
      Caller caller) {
    known(registry);
    List<ExtensionEntry> found = of(kind, id);
    Optional<Version> wanted =
        version
            .exact()
            .or(() -> ExtensionVersions.latest(found.stream().map(e -> e.version()).toList()));
    return found.stream()
        .filter(e -> wanted.equals(Optional.of(e.version())))
        .findFirst()
        .orElseThrow(
            () ->
                new ExtensionNotFoundException(
                    kind, id, version.exact().map(Version::value).orElse(null)));
  }

  private List<ExtensionEntry> of(ExtensionKind kind, ExtensionId id) {
    return entries.stream()
        .filter(e -> e.kind() == kind && e.id().equals(id))
        .sorted(ORDER)
        .toList();
  }

  private static ExtensionEntry at(ExtensionCursor cursor) {
    return new ExtensionEntry(
        ExtensionKind.SKILL,
        cursor.id(),
        cursor.version(),
        ExtensionStatus.ACTIVE,
        null,
        "d",
        "{}",
        Claims.NONE);
  }

  private static void known(RegistryName registry) {
    if (!registry.equals(REGISTRY)) {
      throw new RegistryNotFoundException(registry);
    }
  }
}
