package dev.waggle.domain.catalog;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Domain rule: which of two published versions is newer, by the official registry's rule — semver
 * when both parse, the semver one when only one does, else the later publish time.
 */
public final class VersionOrder {
  private VersionOrder() {}

  /** A version together with the moment it was first published. */
  public record Candidate(Version version, Instant publishedAt, ServerStatus status) {}

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
   * The latest of a server's versions: the newest one not deleted, or, when every version is
   * deleted, the newest deleted one (so that {@code latest} still resolves with include_deleted).
   */
  public static Optional<Version> latest(Collection<Candidate> candidates) {
    // Each version is parsed once, not once per comparison: a sync asks this of every name.
    Parsed newest = null;
    Parsed newestLive = null;
    for (Candidate candidate : candidates) {
      Parsed parsed = new Parsed(candidate, candidate.version().semantic());
      if (newest == null || parsed.compareTo(newest) > 0) {
        newest = parsed;
      }
      if (candidate.status() != ServerStatus.DELETED
          && (newestLive == null || parsed.compareTo(newestLive) > 0)) {
        newestLive = parsed;
      }
    }
    Parsed latest = newestLive != null ? newestLive : newest;
    return latest == null ? Optional.empty() : Optional.of(latest.candidate().version());
  }

  private record Parsed(Candidate candidate, Optional<SemanticVersion> semantic) {
    int compareTo(Parsed other) {
      return compare(candidate, semantic, other.candidate, other.semantic);
    }
  }
}
