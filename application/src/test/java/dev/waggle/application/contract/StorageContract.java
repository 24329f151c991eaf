package dev.waggle.application.contract;

import dev.waggle.application.port.out.ServedCatalogStore.ServedRow;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Test base: what every storage port contract shares — a fresh store per test and short ways to lay
 * out sources and registries, write manifests and read back what a registry serves.
 */
public abstract class StorageContract {
  protected StoragePorts storage;

  /** An empty store of the implementation under contract. */
  protected abstract StoragePorts openStorage();

  @BeforeEach
  void open() {
    storage = openStorage();
  }

  @AfterEach
  void close() {
    storage.close();
  }

  protected static SourceDefinition fileSource(String name) {
    return fileSource(name, Claims.NONE);
  }

  protected static SourceDefinition fileSource(String name, Claims claims) {
    return new SourceDefinition(
        SourceName.of(name),
        SourceKind.File.atPath(Path.of("/data/" + name + ".json")),
        Optional.of(Duration.ofMinutes(10)),
        EntryFilter.NONE,
        claims);
  }

  protected static SourceDefinition kubernetesSource(String name) {
    return new SourceDefinition(
        SourceName.of(name),
        new SourceKind.Kubernetes(List.of("team-a")),
        Optional.empty(),
        EntryFilter.NONE,
        Claims.NONE);
  }

  protected static SourceDefinition managedSource(String name) {
    return new SourceDefinition(
        SourceName.of(name), new SourceKind.Managed(), Optional.empty(), EntryFilter.NONE, null);
  }

  protected static RegistryDefinition registry(String name, Claims claims, String... sources) {
    return new RegistryDefinition(
        RegistryName.of(name), Arrays.stream(sources).map(SourceName::of).toList(), claims);
  }

  /** Makes the layout file sources of these names and one registry over them, in this order. */
  protected void layout(String registry, String... sources) {
    storage
        .registries()
        .applyConfiguration(
            new CatalogLayout(
                Arrays.stream(sources).map(StorageContract::fileSource).toList(),
                List.of(registry(registry, Claims.NONE, sources)),
                null));
  }

  protected void replace(String source, ServerManifest... servers) {
    storage.entries().replaceSourceContents(SourceName.of(source), List.of(servers));
  }

  protected static ServerManifest server(String name, String version) {
    return server(name, version, ServerStatus.ACTIVE, Claims.NONE, "");
  }

  protected static ServerManifest server(
      String name, String version, ServerStatus status, Claims claims, String extra) {
    String document = "{\"name\":\"" + name + "\",\"version\":\"" + version + "\"" + extra + "}";
    return new ServerManifest(
        ServerName.of(name),
        Version.of(version),
        "Title of " + name,
        "A server called " + name,
        status,
        Set.of(),
        document,
        claims);
  }

  /** Every row a registry serves, ordered by name, rank and version; fails when it is unknown. */
  protected List<ServedRow> rows(String registry) {
    List<ServedRow> rows = new ArrayList<>();
    storage
        .served()
        .load(RegistryName.of(registry), rows::add)
        .orElseThrow(() -> new AssertionError("no registry " + registry));
    rows.sort(
        Comparator.comparing((ServedRow r) -> r.name().value())
            .thenComparingInt(ServedRow::rank)
            .thenComparing(r -> r.listing().version().value()));
    return rows;
  }

  /** "name@version#rank" of each row, short and readable in assertion messages. */
  protected List<String> ids(String registry) {
    return rows(registry).stream()
        .map(r -> r.name().value() + "@" + r.listing().version().value() + "#" + r.rank())
        .toList();
  }

  /** The one version a registry serves at rank 0 under "name@version". */
  protected ServerListing version(String registry, String id) {
    List<ServerListing> found =
        rows(registry).stream()
            .filter(r -> r.rank() == 0)
            .map(ServedRow::listing)
            .filter(l -> (l.name().value() + "@" + l.version().value()).equals(id))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one " + id + " in " + registry + ", found " + found);
    }
    return found.get(0);
  }

  protected long generation(String registry) {
    return storage.served().generations().get(RegistryName.of(registry));
  }
}
