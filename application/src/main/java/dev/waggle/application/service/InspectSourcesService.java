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
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Role;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Service: reads the configured sources and registries together with each source's sync state; for
 * a caller, checks the role first (403) and then hides what its claims do not reach (404), so that
 * existence is revealed only to whoever could act on it.
 */
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
    return status(
        registries.registryRecord(name).orElseThrow(() -> new RegistryNotFoundException(name)),
        Caller.anonymous());
  }

  /**
   * A registry with the status of those of its sources the caller may inspect: a source's details
   * (where it reads from, its errors) are for {@code manageSources} holders who see it, while the
   * registry is for every caller who sees the registry.
   */
  private RegistryStatus status(RegistryRecord registry, Caller caller) {
    boolean inspects = caller.hasRole(Role.MANAGE_SOURCES);
    // A source removed between the two reads is left out rather than failing the whole answer.
    List<SourceStatus> sources =
        registry.definition().sources().stream()
            .flatMap(source -> registries.sourceRecord(source).stream())
            .filter(source -> inspects && caller.canSee(source.definition().claims()))
            .map(this::status)
            .toList();
    return new RegistryStatus(
        registry.definition(),
        sources,
        registry.creationType(),
        Optional.of(registry.createdAt()),
        Optional.of(registry.updatedAt()));
  }

  @Override
  public List<SourceStatus> listSources(Caller caller) {
    Objects.requireNonNull(caller, "'caller' must not be null");
    caller.require(Role.MANAGE_SOURCES);
    return registries.sourceRecords().stream()
        .filter(source -> caller.canSee(source.definition().claims()))
        .map(this::status)
        .toList();
  }

  @Override
  public SourceStatus source(SourceName name, Caller caller) {
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(caller, "'caller' must not be null");
    caller.require(Role.MANAGE_SOURCES);
    return status(
        registries
            .sourceRecord(name)
            .filter(source -> caller.canSee(source.definition().claims()))
            .orElseThrow(() -> new SourceNotFoundException(name)));
  }

  @Override
  public List<RegistryStatus> listRegistries(Caller caller) {
    Objects.requireNonNull(caller, "'caller' must not be null");
    return registries.registryRecords().stream()
        .filter(registry -> caller.canSee(registry.definition().claims()))
        .map(registry -> status(registry, caller))
        .toList();
  }

  @Override
  public RegistryStatus registry(RegistryName name, Caller caller) {
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(caller, "'caller' must not be null");
    return status(
        registries
            .registryRecord(name)
            .filter(registry -> caller.canSee(registry.definition().claims()))
            .orElseThrow(() -> new RegistryNotFoundException(name)),
        caller);
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
