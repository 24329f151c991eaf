package dev.waggle.domain.extension;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.Version;
import java.util.Objects;

/**
 * Value object: one version of a skill or plugin as a source holds it — the fields the registry
 * indexes and filters on, and the entry's JSON document exactly as it is served.
 *
 * @param document the entry as served: a JSON object with its {@code status} filled in
 * @param claims who may see the entry; a source stamps its own claims on the entries it brings
 */
public record ExtensionEntry(
    ExtensionKind kind,
    ExtensionId id,
    Version version,
    ExtensionStatus status,
    String title,
    String description,
    String document,
    Claims claims) {
  public ExtensionEntry {
    Objects.requireNonNull(kind, "'kind' must not be null");
    Objects.requireNonNull(id, "'id' must not be null");
    Objects.requireNonNull(version, "'version' must not be null");
    Objects.requireNonNull(status, "'status' must not be null");
    Objects.requireNonNull(document, "'document' must not be null");
    claims = claims == null ? Claims.NONE : claims;
    if (description == null || description.isEmpty()) {
      throw new ValidationException("description", description, "description is required");
    }
  }

  public ExtensionEntry withClaims(Claims newClaims) {
    return new ExtensionEntry(kind, id, version, status, title, description, document, newClaims);
  }
}
