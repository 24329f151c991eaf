package dev.waggle.application.port.in;

import dev.waggle.domain.registry.RegistryDefinition;
import java.util.List;
import java.util.Objects;

/** Result: a registry as configured, with the status of each of its sources in order. */
public record RegistryStatus(RegistryDefinition definition, List<SourceStatus> sources) {
  public RegistryStatus {
    Objects.requireNonNull(definition, "'definition' must not be null");
    sources = List.copyOf(Objects.requireNonNull(sources, "'sources' must not be null"));
  }
}
