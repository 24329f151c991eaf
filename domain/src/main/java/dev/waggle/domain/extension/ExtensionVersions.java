package dev.waggle.domain.extension;

import dev.waggle.domain.catalog.SemanticVersion;
import dev.waggle.domain.catalog.Version;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Domain rule: which version of a skill or plugin is its latest. Entries carry no publish time, so
 * the highest semantic version wins; a version that is no semantic version (a commit hash) is
 * latest only when none is, and then the one listed last in the source.
 */
public final class ExtensionVersions {
  /**
   * The order a name's versions are listed in: semantic versions first, highest first (so the
   * latest leads whenever there is a semantic version), then the others in reverse text order.
   */
  public static final Comparator<Version> NEWEST_FIRST =
      Comparator.<Version, Boolean>comparing(v -> v.semantic().isEmpty())
          .thenComparing(
              (a, b) ->
                  a.semantic().isPresent()
                      ? b.semantic().orElseThrow().compareTo(a.semantic().orElseThrow())
                      : b.value().compareTo(a.value()));

  private ExtensionVersions() {}

  /**
   * @param versions one entry's versions in the order its source lists them
   */
  public static Optional<Version> latest(List<Version> versions) {
    Version best = null;
    SemanticVersion bestSemantic = null;
    for (Version version : versions) {
      Optional<SemanticVersion> semantic = version.semantic();
      if (semantic.isPresent()) {
        if (bestSemantic == null || semantic.get().compareTo(bestSemantic) > 0) {
          best = version;
          bestSemantic = semantic.get();
        }
      } else if (bestSemantic == null) {
        best = version;
      }
    }
    return Optional.ofNullable(best);
  }
}
