package dev.waggle.domain.registry;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Aggregate: the configured sources and registries taken together, checked as a whole — unique
 * names, registries that name only known sources, at most one managed source, a default registry.
 */
public record CatalogLayout(
    List<SourceDefinition> sources,
    List<RegistryDefinition> registries,
    RegistryName defaultRegistry) {

  public CatalogLayout {
    sources = List.copyOf(Objects.requireNonNull(sources, "'sources' must not be null"));
    registries = List.copyOf(Objects.requireNonNull(registries, "'registries' must not be null"));
    Set<SourceName> sourceNames = new HashSet<>();
    for (int i = 0; i < sources.size(); i++) {
      if (!sourceNames.add(sources.get(i).name())) {
        throw new ValidationException(
            "sources[" + i + "].name", sources.get(i).name(), "duplicate source name");
      }
    }
    long managed = sources.stream().filter(s -> s.kind() instanceof SourceKind.Managed).count();
    if (managed > 1) {
      throw new ValidationException(
          "sources", managed + " managed sources", "at most one managed source is allowed");
    }
    Set<RegistryName> registryNames = new HashSet<>();
    for (int i = 0; i < registries.size(); i++) {
      RegistryDefinition registry = registries.get(i);
      if (!registryNames.add(registry.name())) {
        throw new ValidationException(
            "registries[" + i + "].name", registry.name(), "duplicate registry name");
      }
      for (int j = 0; j < registry.sources().size(); j++) {
        if (!sourceNames.contains(registry.sources().get(j))) {
          throw new ValidationException(
              "registries[" + i + "].sources[" + j + "]",
              registry.sources().get(j),
              "references an unknown source; known sources: "
                  + sourceNames.stream()
                      .map(SourceName::value)
                      .sorted()
                      .collect(Collectors.joining(", ")));
        }
      }
    }
    if (defaultRegistry == null && !registries.isEmpty()) {
      defaultRegistry = registries.get(0).name();
    }
    if (defaultRegistry != null && !registryNames.contains(defaultRegistry)) {
      throw new ValidationException(
          "defaultRegistry", defaultRegistry, "names no configured registry");
    }
  }

  public Optional<SourceDefinition> source(SourceName name) {
    return sources.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public Optional<RegistryDefinition> registry(RegistryName name) {
    return registries.stream().filter(r -> r.name().equals(name)).findFirst();
  }
}
