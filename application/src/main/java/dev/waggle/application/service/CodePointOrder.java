package dev.waggle.application.service;

import java.util.Comparator;

/**
 * Service helper: strings in code point order, which is the byte order of their UTF-8 form and so
 * the order PostgreSQL's {@code COLLATE "C"} gives — cursors stay valid whichever side sorts.
 */
final class CodePointOrder {
  static final Comparator<String> ORDER = CodePointOrder::compare;

  private CodePointOrder() {}

  static int compare(String a, String b) {
    int length = Math.min(a.length(), b.length());
    for (int i = 0; i < length; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        // UTF-16 order differs from code point order only where a surrogate meets a character
        // above them (U+E000..U+FFFF): surrogates stand for code points beyond all of those.
        if (Character.isSurrogate(x) != Character.isSurrogate(y)) {
          return Character.isSurrogate(x) ? 1 : -1;
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }
}
