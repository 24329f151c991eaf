package dev.waggle.domain.extension;

import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.Precedence;
import dev.waggle.domain.catalog.Precedence.Candidate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Domain rule: {@link Precedence} for skills and plugins, whose claims sit on each version rather
 * than on the entry. A source holding versions with several sets of claims is a candidate with each
 * of them, so it serves a caller who may see any of its versions, and serves that caller only
 * those; the versions of one entry never mix across sources. Entries are removed, not tombstoned,
 * so every candidate is live.
 */
public final class ExtensionPrecedence {
  private ExtensionPrecedence() {}

  /**
   * One source's claims on versions of an entry.
   *
   * @param position the source's place in the registry's order, 0 first
   */
  public record Holding(int position, Claims claims) {
    public Holding {
      Objects.requireNonNull(claims, "'claims' must not be null");
      if (position < 0) {
        throw new IllegalArgumentException("'position' must not be negative: " + position);
      }
    }
  }

  /** The place of the source that serves the entry to {@code caller}; empty when none does. */
  public static OptionalInt servingSource(Caller caller, Collection<Holding> holdings) {
    List<Candidate<Integer>> candidates =
        holdings.stream()
            .map(h -> new Candidate<>(h.position(), h.position(), true, h.claims()))
            .toList();
    return Precedence.servedTo(caller, Precedence.rank(candidates))
        .map(c -> OptionalInt.of(c.position()))
        .orElse(OptionalInt.empty());
  }

  /**
   * The versions of one entry served to {@code caller}, out of every source's versions of it, in
   * their given order.
   */
  public static <T> List<T> servedVersions(
      Caller caller, List<T> versions, ToIntFunction<T> position, Function<T, Claims> claims) {
    OptionalInt serving =
        servingSource(
            caller,
            versions.stream()
                .map(v -> new Holding(position.applyAsInt(v), claims.apply(v)))
                .toList());
    return versions.stream()
        .filter(v -> serves(caller, serving, position.applyAsInt(v), claims.apply(v)))
        .toList();
  }

  /**
   * Whether a version at {@code position} carrying {@code claims} is served to {@code caller}, when
   * {@code serving} is the source {@link #servingSource} chose for its entry.
   */
  public static boolean serves(Caller caller, OptionalInt serving, int position, Claims claims) {
    return serving.isPresent() && serving.getAsInt() == position && caller.canSee(claims);
  }
}
