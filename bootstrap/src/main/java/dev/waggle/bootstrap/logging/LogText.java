package dev.waggle.bootstrap.logging;

/**
 * Bootstrap helper: makes a logged value unable to start a line of its own, by writing every
 * control character as an escape — so an entry named {@code "x\r\n… ERROR FORGED"} cannot forge a
 * log line, whichever call site logged it.
 */
public final class LogText {
  private LogText() {}

  /**
   * Escapes CR, LF and tab as {@code \r}, {@code \n}, {@code \t}, and every other C0 or C1 control
   * character, DEL and the Unicode line and paragraph separators as {@code \\uXXXX}.
   */
  public static String escape(String text) {
    if (text == null) {
      return null;
    }
    int first = firstUnsafe(text);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    out.append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\r' -> out.append("\\r");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (isUnsafe(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static int firstUnsafe(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isUnsafe(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isUnsafe(char c) {
    // Character.isISOControl covers C0, DEL and C1; terminals and log viewers also break lines
    // at U+2028 and U+2029.
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }
}
