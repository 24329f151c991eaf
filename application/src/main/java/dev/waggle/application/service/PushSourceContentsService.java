package dev.waggle.application.service;

import dev.waggle.application.port.in.PushSourceContents;
import dev.waggle.application.port.in.SourceNotFoundException;
import dev.waggle.application.port.out.EntryStore;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceName;
import java.util.List;
import java.util.Objects;

/**
 * Service: {@link PushSourceContents}, writing a pushed source's contents into the entry store
 * after checking that the source exists and is not one a sync would overwrite.
 */
public final class PushSourceContentsService implements PushSourceContents {
  private final RegistryStore registries;
  private final EntryStore entries;

  public PushSourceContentsService(RegistryStore registries, EntryStore entries) {
    this.registries = Objects.requireNonNull(registries, "'registries' must not be null");
    this.entries = Objects.requireNonNull(entries, "'entries' must not be null");
  }

  @Override
  public void replace(SourceName source, List<ServerManifest> servers) {
    Objects.requireNonNull(source, "'source' must not be null");
    Objects.requireNonNull(servers, "'servers' must not be null");
    SourceDefinition definition =
        registries.findSource(source).orElseThrow(() -> new SourceNotFoundException(source));
    if (definition.kind().synced()) {
      // Two writers of one source would take turns erasing each other's entries.
      throw new IllegalArgumentException(
          "source "
              + source.value()
              + " is a "
              + definition.kind().typeName()
              + " source that Waggle syncs itself; only a pushed source takes pushed contents");
    }
    entries.replaceSourceContents(source, servers);
  }
}
