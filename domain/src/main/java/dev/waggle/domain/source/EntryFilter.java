package dev.waggle.domain.source;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Value object: a source's {@code filter} block — name globs and exact tags, each with include and
 * exclude lists. Exclusion wins; a non-empty include list must be matched; an entry must pass both
 * the name and the tag rule.
 */
public record EntryFilter(
    List<GlobPattern> includeNames,
    List<GlobPattern> excludeNames,
    Set<String> includeTags,
    Set<String> excludeTags) {
  public static final EntryFilter NONE = new EntryFilter(List.of(), List.of(), Set.of(), Set.of());

  public EntryFilter {
    includeNames = List.copyOf(Objects.requireNonNull(includeNames));
    excludeNames = List.copyOf(Objects.requireNonNull(excludeNames));
    includeTags = Set.copyOf(Objects.requireNonNull(includeTags));
    excludeTags = Set.copyOf(Objects.requireNonNull(excludeTags));
  }

  public boolean isEmpty() {
    return includeNames.isEmpty()
        && excludeNames.isEmpty()
        && includeTags.isEmpty()
        && excludeTags.isEmpty();
  }

  public boolean accepts(String name, Collection<String> tags) {
    return acceptsName(name) && acceptsTags(tags);
  }

  public boolean acceptsName(String name) {
    if (excludeNames.stream().anyMatch(p -> p.matches(name))) {
      return false;
    }
    return includeNames.isEmpty() || includeNames.stream().anyMatch(p -> p.matches(name));
  }

  public boolean acceptsTags(Collection<String> tags) {
    if (tags.stream().anyMatch(excludeTags::contains)) {
      return false;
    }
    return includeTags.isEmpty() || tags.stream().anyMatch(includeTags::contains);
  }

  /**
   * A stable text that changes whenever the filter's meaning changes, so a sync can tell that a
   * filter edit must be applied even though the source data did not change.
   */
  public String fingerprint() {
    return "names+"
        + globs(includeNames)
        + "|names-"
        + globs(excludeNames)
        + "|tags+"
        + includeTags.stream().sorted().toList()
        + "|tags-"
        + excludeTags.stream().sorted().toList();
  }

  private static List<String> globs(List<GlobPattern> patterns) {
    return patterns.stream().map(GlobPattern::glob).sorted().toList();
  }
}
