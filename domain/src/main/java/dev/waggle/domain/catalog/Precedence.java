package dev.waggle.domain.catalog;

import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Domain rule: which source's entry a registry serves for one name (of a server; skills and plugins
 * apply it through {@code ExtensionPrecedence}). Each source of the registry that holds the name is
 * a candidate; candidates rank live first (an entry is live while it holds a version that is not
 * deleted), then by the source's place in the registry's order. A caller is served every version of
 * the first candidate it may see, so a name removed from the first source falls through to the next
 * one that still has it, and a name removed everywhere still shows the first source's tombstones to
 * readers that ask for deleted versions.
 */
public final class Precedence {
  private Precedence() {}

  /**
   * One source's entry for a name, as precedence sees it.
   *
   * @param key what the caller uses to find the entry again (a row id, a source name)
   * @param position the source's place in the registry's order, 0 first
   * @param live whether the entry holds a version that is not deleted
   * @param claims who may see the entry
   */
  public record Candidate<K>(K key, int position, boolean live, Claims claims) {
    public Candidate {
      Objects.requireNonNull(key, "'key' must not be null");
      Objects.requireNonNull(claims, "'claims' must not be null");
      if (position < 0) {
        throw new IllegalArgumentException("'position' must not be negative: " + position);
      }
    }
  }

  /** Live before not live, then the registry's order. */
  private static final Comparator<Candidate<?>> ORDER =
      Comparator.comparing((Candidate<?> c) -> !c.live()).thenComparingInt(Candidate::position);

  /** The candidates of one name, best first. */
  public static <K> List<Candidate<K>> rank(Collection<Candidate<K>> candidates) {
    List<Candidate<K>> ranked = new ArrayList<>(candidates);
    ranked.sort(ORDER);
    return List.copyOf(ranked);
  }

  /**
   * The candidate served to {@code caller}: the first of {@code ranked} it may see; empty when it
   * sees none, so the name does not exist for it.
   */
  public static <K> Optional<Candidate<K>> servedTo(Caller caller, List<Candidate<K>> ranked) {
    for (Candidate<K> candidate : ranked) {
      if (caller.canSee(candidate.claims())) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Whether an entry whose versions have these statuses is live: one not deleted is enough. */
  public static boolean live(Collection<ServerStatus> statuses) {
    return statuses.stream().anyMatch(s -> s != ServerStatus.DELETED);
  }
}
