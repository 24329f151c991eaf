package dev.waggle.domain.registry;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
    if (defaultRegistry == null && !registries.isEmpty()) {
      defaultRegistry = registries.get(0).name();
    }
    List<ValidationException> problems =
        problems(
            sources.stream().map(s -> s.name().value()).toList(),
            registries.stream().map(r -> r.name().value()).toList(),
            registries.stream()
                .map(r -> r.sources().stream().map(SourceName::value).toList())
                .toList(),
            defaultRegistry == null ? null : defaultRegistry.value());
    if (!problems.isEmpty()) {
      throw problems.get(0);
    }
    long managed = sources.stream().filter(s -> s.kind() instanceof SourceKind.Managed).count();
    if (managed > 1) {
      throw new ValidationException(
          "sources", managed + " managed sources", "at most one managed source is allowed");
    }
  }

  /**
   * Every rule that ties sources and registries together, checked over their names as written so
   * that a configuration hears of all of them at once, even while some definitions are invalid:
   * unique names, registries that name only configured sources, a default registry that exists.
   *
   * @param sourceNames in configuration order; null where a source has no name
   * @param registryNames in configuration order; null where a registry has no name
   * @param registrySources for each registry, the source names it lists
   * @param defaultRegistry null when none is named
   */
  public static List<ValidationException> problems(
      List<String> sourceNames,
      List<String> registryNames,
      List<List<String>> registrySources,
      String defaultRegistry) {
    List<ValidationException> problems = new ArrayList<>();
    duplicates("sources", "source", sourceNames, problems);
    duplicates("registries", "registry", registryNames, problems);
    Set<String> known = new LinkedHashSet<>(sourceNames);
    known.remove(null);
    for (int i = 0; i < registrySources.size(); i++) {
      List<String> listed = registrySources.get(i);
      for (int j = 0; j < listed.size(); j++) {
        if (!known.contains(listed.get(j))) {
          problems.add(
              new ValidationException(
                  "registries[" + i + "].sources[" + j + "]",
                  null,
                  "references unknown source \""
                      + listed.get(j)
                      + "\"; configured sources: "
                      + (known.isEmpty() ? "none" : String.join(", ", known))));
        }
      }
    }
    Set<String> registries = new LinkedHashSet<>(registryNames);
    registries.remove(null);
    if (defaultRegistry != null && !registries.contains(defaultRegistry)) {
      problems.add(
          new ValidationException(
              "defaultRegistry",
              null,
              "names no configured registry (got \""
                  + defaultRegistry
                  + "\"; configured registries: "
                  + (registries.isEmpty() ? "none" : String.join(", ", registries))
                  + ")"));
    }
    return problems;
  }

  private static void duplicates(
      String list, String what, List<String> names, List<ValidationException> problems) {
    for (int i = 0; i < names.size(); i++) {
      int first = names.indexOf(names.get(i));
      if (names.get(i) != null && first < i) {
        problems.add(
            new ValidationException(
                list + "[" + i + "].name",
                null,
                "duplicate " + what + " name (also used by " + list + "[" + first + "])"));
      }
    }
  }

  public Optional<SourceDefinition> source(SourceName name) {
    return sources.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public Optional<RegistryDefinition> registry(RegistryName name) {
    return registries.stream().filter(r -> r.name().equals(name)).findFirst();
  }
}
