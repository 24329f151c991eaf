package dev.waggle.domain.catalog;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Value object: what an upstream registry said about one version it lists — when the version was
 * published and whether it is that server's latest — for a source that reads another registry.
 * Either may be absent; {@link #NONE} is what every other kind of source carries.
 *
 * @param publishedAt the upstream's publish time, served as the version's {@code publishedAt}
 * @param latest the upstream's {@code isLatest}, which decides the served latest when present
 */
public record UpstreamMeta(Optional<Instant> publishedAt, Optional<Boolean> latest) {
  public static final UpstreamMeta NONE = new UpstreamMeta(Optional.empty(), Optional.empty());

  public UpstreamMeta {
    Objects.requireNonNull(publishedAt, "'publishedAt' must not be null");
    Objects.requireNonNull(latest, "'latest' must not be null");
  }
}
