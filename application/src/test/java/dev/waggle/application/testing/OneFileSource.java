package dev.waggle.application.testing;

import dev.waggle.domain.access.Claims;
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

/**
 * Test fixture: the layout sync tests start from — one file source, {@link #CATALOG}, read from
 * {@code registry.json} every five minutes and served alone by registry {@code default}.
 */
public final class OneFileSource {
  public static final SourceName CATALOG = SourceName.of("catalog");

  private OneFileSource() {}

  /** The source, with the filter, claims and strictness a test gives it. */
  public static SourceDefinition source(EntryFilter filter, Claims claims, boolean strict) {
    return new SourceDefinition(
        CATALOG,
        SourceKind.File.atPath(Path.of("registry.json")),
        Optional.of(Duration.ofMinutes(5)),
        filter,
        claims,
        strict);
  }

  /** Registry {@code default} over {@code source} alone, which must be named {@link #CATALOG}. */
  public static CatalogLayout layout(SourceDefinition source) {
    return new CatalogLayout(
        List.of(source),
        List.of(new RegistryDefinition(RegistryName.of("default"), List.of(CATALOG), null)),
        null);
  }
}
