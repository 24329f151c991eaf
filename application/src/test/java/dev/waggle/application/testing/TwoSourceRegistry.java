package dev.waggle.application.testing;

import dev.waggle.application.port.out.ServedVersionEncoder;
import dev.waggle.domain.access.Claims;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Test fixture: one registry over the file sources {@code first} and {@code second}, in that order,
 * kept in an {@link InMemoryStorage} whose clock the test sets, so that what a registry serves is
 * written the way sync writes it.
 */
public final class TwoSourceRegistry {
  /** Encodes a version as its document text, so tests can read back what they stored. */
  public static final ServedVersionEncoder DOCUMENT_TEXT =
      listing -> listing.document().getBytes(StandardCharsets.UTF_8);

  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final SetClock clock = new SetClock();
  private final InMemoryStorage storage =
      new InMemoryStorage(clock, InMemoryStorage.DEFAULT_RETENTION);
  private final RegistryName registry;

  public TwoSourceRegistry(RegistryName registry, Claims claims) {
    this.registry = registry;
    lay(List.of(registry), claims);
  }

  public InMemoryStorage storage() {
    return storage;
  }

  /** Makes the registries these, each over the two sources; the others go. */
  public void lay(List<RegistryName> registries, Claims claims) {
    storage.applyConfiguration(
        new CatalogLayout(
            List.of(source("first"), source("second")),
            registries.stream()
                .map(
                    name ->
                        new RegistryDefinition(
                            name, List.of(SourceName.of("first"), SourceName.of("second")), claims))
                .toList(),
            null));
  }

  /** Replaces what the source {@code first} holds, as a sync would. */
  public void write(ServerManifest... servers) {
    write("first", servers);
  }

  public void write(String source, ServerManifest... servers) {
    storage.replaceSourceContents(SourceName.of(source), List.of(servers));
  }

  /** Sets the storage's clock to {@code minute} minutes after {@link #T0}. */
  public void atMinute(int minute) {
    clock.now = T0.plusSeconds(60L * minute);
  }

  public RegistryName registry() {
    return registry;
  }

  /** One active version without claims. */
  public static ServerManifest server(String name, String version) {
    return server(name, version, Claims.NONE);
  }

  public static ServerManifest server(String name, String version, Claims claims) {
    return server(name, version, claims, null, null, "");
  }

  /**
   * @param extra more JSON members for the document, so that a write can change it
   */
  public static ServerManifest server(
      String name, String version, Claims claims, String title, String description, String extra) {
    return new ServerManifest(
        ServerName.of(name),
        Version.of(version),
        title,
        description,
        ServerStatus.ACTIVE,
        Set.of(),
        "{\"name\":\"" + name + "\",\"version\":\"" + version + "\"" + extra + "}",
        claims);
  }

  /** A file source named {@code name}, as the registry lays it. */
  public static SourceDefinition source(String name) {
    return new SourceDefinition(
        SourceName.of(name),
        SourceKind.File.atPath(Path.of("/data/" + name + ".json")),
        Optional.of(Duration.ofMinutes(10)),
        EntryFilter.NONE,
        Claims.NONE);
  }

  /** A clock the test sets by hand. */
  private static final class SetClock extends Clock {
    private Instant now = T0;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
