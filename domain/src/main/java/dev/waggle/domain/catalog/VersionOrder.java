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
    return compare(a, a.version().semantic(), b, b.version().semantic());
  }

  private static int compare(
      Candidate a, Optional<SemanticVersion> sa, Candidate b, Optional<SemanticVersion> sb) {
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
    // One pass, each version parsed once: a sync asks this for every name of a source, and a
    // comparison would otherwise parse both of its versions again.
    Parsed marked = null;
    Parsed live = null;
    Parsed any = null;
    for (Candidate candidate : candidates) {
      Parsed parsed = new Parsed(candidate, candidate.version().semantic());
      any = newer(any, parsed);
      if (candidate.status() != ServerStatus.DELETED) {
        live = newer(live, parsed);
        if (candidate.upstreamLatest().orElse(false)) {
          marked = newer(marked, parsed);
        }
      }
    }
    Parsed latest = marked != null ? marked : live != null ? live : any;
    return Optional.ofNullable(latest).map(p -> p.candidate().version());
  }

  /** The newer of the two; the one seen first when they tie. */
  private static Parsed newer(Parsed seen, Parsed next) {
    if (seen == null) {
      return next;
    }
    return compare(seen.candidate(), seen.semantic(), next.candidate(), next.semantic()) >= 0
        ? seen
        : next;
  }

  private record Parsed(Candidate candidate, Optional<SemanticVersion> semantic) {}
}
