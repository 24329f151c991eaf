package dev.waggle.bootstrap.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration: finds the known key an unknown one was probably meant to be — a slip of the
 * fingers ({@code databse}, {@code intreval}), another spelling of the words ({@code sync_policy})
 * — so that a misspelt key is reported as the mistake it is instead of being silently ignored.
 */
final class KeySuggestion {
  private KeySuggestion() {}

  /**
   * The known key closest to {@code unknown}, when it is close enough to be a misspelling: the same
   * letters once case, {@code _} and {@code -} are ignored, or at most one edit for a key of four
   * or five letters and two for a longer one (an edit inserts, deletes or changes a letter, or
   * swaps two neighbours). Keys of three letters or fewer are too short to guess from.
   */
  static Optional<String> closest(String unknown, Collection<String> known) {
    Objects.requireNonNull(unknown, "'unknown' must not be null");
    String typed = fold(unknown);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      String folded = fold(candidate);
      int distance = distance(typed, folded);
      if (distance <= allowedEdits(Math.min(typed.length(), folded.length()))
          && distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  private static int allowedEdits(int length) {
    if (length <= 3) {
      return 0;
    }
    return length <= 5 ? 1 : 2;
  }

  private static String fold(String key) {
    return key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
  }

  /**
   * Damerau-Levenshtein distance in its optimal-string-alignment form: insertions, deletions,
   * substitutions and transpositions of adjacent letters each cost one.
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          best = Math.min(best, d[i - 2][j - 2] + 1);
        }
        d[i][j] = best;
      }
    }
    return d[a.length()][b.length()];
  }
}
