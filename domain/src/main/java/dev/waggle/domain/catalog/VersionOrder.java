package dev.waggle.domain.catalog;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * Domain rule: which of two published versions is newer, by the official registry's rule — semver
 * when both parse, the semver one when only one does, else the later publish time — and which
 * version is a server's latest, where an upstream registry's own word on that wins.
 */
public final class VersionOrder {
  private VersionOrder() {}

  /**
   * A version together with the moment it was first published.
   *
   * @param upstreamLatest the {@code isLatest} an upstream registry gave the version, when the
   *     version came from one
   */
  public record Candidate(
      Version version, Instant publishedAt, ServerStatus status, Optional<Boolean> upstreamLatest) {
    public Candidate {
      Objects.requireNonNull(version, "'version' must not be null");
      Objects.requireNonNull(publishedAt, "'publishedAt' must not be null");
      Objects.requireNonNull(status, "'status' must not be null");
      Objects.requireNonNull(upstreamLatest, "'upstreamLatest' must not be null");
    }

    /** A candidate no upstream said anything about. */
    public Candidate(Version version, Instant publishedAt, ServerStatus status) {
      this(version, publishedAt, status, Optional.empty());
    }
  }

  /** Orders candidates oldest first; ties fall back to the plain string so the order is total. */
  public static final Comparator<Candidate> OLDEST_FIRST = VersionOrder::compare;

  public static int compare(Candidate a, Candidate b) {
    Optional<SemanticVersion> sa = a.version().semantic();
    Optional<SemanticVersion> sb = b.version().semantic();
    int c;
    if (sa.isPresent() && sb.isPresent()) {
      c = sa.get().compareTo(sb.get());
    } else if (sa.isPresent() != sb.isPresent()) {
      c = sa.isPresent() ? 1 : -1;
    } else {
      c = a.publishedAt().compareTo(b.publishedAt());
    }
    if (c == 0) {
      c = a.publishedAt().compareTo(b.publishedAt());
    }
    return c != 0 ? c : a.version().value().compareTo(b.version().value());
  }

  /**
   * The latest of a server's versions. A version not deleted that an upstream registry marks as
   * latest is it (the newest of them, should the upstream mark several): a federated catalog serves
   * what its upstream decided, even when a higher version exists. Otherwise the newest version not
   * deleted, or, when every version is deleted, the newest deleted one (so that {@code latest}
   * still resolves with include_deleted).
   */
  public static Optional<Version> latest(Collection<Candidate> candidates) {
    Optional<Candidate> marked =
        candidates.stream()
            .filter(c -> c.status() != ServerStatus.DELETED)
            .filter(c -> c.upstreamLatest().orElse(false))
            .max(OLDEST_FIRST);
    Optional<Candidate> live =
        marked.or(
            () ->
                candidates.stream()
                    .filter(c -> c.status() != ServerStatus.DELETED)
                    .max(OLDEST_FIRST));
    return live.or(() -> candidates.stream().max(OLDEST_FIRST)).map(Candidate::version);
  }
}
