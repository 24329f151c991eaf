package dev.waggle.domain.catalog;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.Claims;
import java.util.Objects;
import java.util.Set;

/**
 * Entity: one version of a server as a source delivers it — the full {@code server.json} document
 * (kept as JSON text, opaque to the domain) next to the fields the catalog searches and filters on.
 *
 * @param tags the ToolHive publisher-provided tags, used by tag filters
 * @param claims who may see the entry; {@link Claims#NONE} until a source stamps its own
 * @param upstream what an upstream registry said about the version; {@link UpstreamMeta#NONE} for
 *     sources that are not another registry
 */
public record ServerManifest(
    ServerName name,
    Version version,
    String title,
    String description,
    ServerStatus status,
    Set<String> tags,
    String document,
    Claims claims,
    UpstreamMeta upstream) {

  public ServerManifest {
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(version, "'version' must not be null");
    Objects.requireNonNull(status, "'status' must not be null");
    tags = Set.copyOf(tags == null ? Set.of() : tags);
    claims = claims == null ? Claims.NONE : claims;
    upstream = upstream == null ? UpstreamMeta.NONE : upstream;
    if (document == null || document.isBlank()) {
      throw new ValidationException("document", document, "server document is required");
    }
  }

  /** A manifest from a source that is not another registry: nothing upstream to keep. */
  public ServerManifest(
      ServerName name,
      Version version,
      String title,
      String description,
      ServerStatus status,
      Set<String> tags,
      String document,
      Claims claims) {
    this(name, version, title, description, status, tags, document, claims, UpstreamMeta.NONE);
  }

  public ServerManifest withClaims(Claims newClaims) {
    return new ServerManifest(
        name, version, title, description, status, tags, document, newClaims, upstream);
  }
}
