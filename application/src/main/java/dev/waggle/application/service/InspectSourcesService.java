package dev.waggle.application.service;

import dev.waggle.application.port.in.InspectSources;
import dev.waggle.application.port.in.RegistryNotFoundException;
import dev.waggle.application.port.in.RegistryStatus;
import dev.waggle.application.port.in.SourceNotFoundException;
import dev.waggle.application.port.in.SourceStatus;
import dev.waggle.application.port.out.RegistryRecord;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.application.port.out.SourceRecord;
import dev.waggle.application.port.out.SyncStateStore;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Service: reads the configured sources and registries together with each source's sync state. */
public final class InspectSourcesService implements InspectSources {
  private final RegistryStore registries;
  private final SyncStateStore states;

  public InspectSourcesService(RegistryStore registries, SyncStateStore states) {
    this.registries = Objects.requireNonNull(registries, "'registries' must not be null");
    this.states = Objects.requireNonNull(states, "'states' must not be null");
  }

  @Override
  public List<SourceStatus> listSources() {
    return registries.sourceRecords().stream().map(this::status).toList();
  }

  @Override
  public SourceStatus source(SourceName name) {
    Objects.requireNonNull(name, "'name' must not be null");
    return status(
        registries.sourceRecord(name).orElseThrow(() -> new SourceNotFoundException(name)));
  }

  @Override
  public RegistryStatus registry(RegistryName name) {
    Objects.requireNonNull(name, "'name' must not be null");
    RegistryRecord registry =
        registries.registryRecord(name).orElseThrow(() -> new RegistryNotFoundException(name));
    // A source removed between the two reads is left out rather than failing the whole answer.
    List<SourceStatus> sources =
        registry.definition().sources().stream()
            .flatMap(source -> registries.sourceRecord(source).stream())
            .map(this::status)
            .toList();
    return new RegistryStatus(
        registry.definition(),
        sources,
        registry.creationType(),
        Optional.of(registry.createdAt()),
        Optional.of(registry.updatedAt()));
  }

  private SourceStatus status(SourceRecord source) {
    SourceDefinition definition = source.definition();
    return new SourceStatus(
        definition,
        states.find(definition.name()),
        source.creationType(),
        Optional.of(source.createdAt()),
        Optional.of(source.updatedAt()));
  }
}
