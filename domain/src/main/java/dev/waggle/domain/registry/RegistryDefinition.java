package dev.waggle.domain.registry;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.source.SourceName;
import java.util.List;
import java.util.Objects;

/**
 * Entity: a named, consumer-facing view of the catalog — an ordered list of sources (the first
 * source that has a server name supplies all its versions) and the claims a caller needs to see it.
 */
public record RegistryDefinition(RegistryName name, List<SourceName> sources, Claims claims) {
  public RegistryDefinition {
    Objects.requireNonNull(name, "'name' must not be null");
    sources = List.copyOf(Objects.requireNonNull(sources, "'sources' must not be null"));
    claims = claims == null ? Claims.NONE : claims;
    checkSources(sources);
  }

  /** The rules of a registry's source list on their own: not empty, nothing listed twice. */
  public static void checkSources(List<SourceName> sources) {
    if (sources.isEmpty()) {
      throw new ValidationException("sources", null, "at least one source is required");
    }
    for (int i = 0; i < sources.size(); i++) {
      if (sources.indexOf(sources.get(i)) < i) {
        throw new ValidationException(
            "sources[" + i + "]", null, "source \"" + sources.get(i) + "\" is listed twice");
      }
    }
  }
}
