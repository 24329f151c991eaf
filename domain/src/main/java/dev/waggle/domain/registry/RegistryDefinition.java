package dev.waggle.domain.registry;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.source.SourceName;
import java.util.HashSet;
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
    if (sources.isEmpty()) {
      throw new ValidationException("sources", "[]", "a registry needs at least one source");
    }
    HashSet<SourceName> seen = new HashSet<>();
    for (SourceName source : sources) {
      if (!seen.add(source)) {
        throw new ValidationException("sources", source, "a source may be listed only once");
      }
    }
  }
}
