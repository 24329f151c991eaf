package dev.waggle.adapters.postgres;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Persistence adapter helper: encodes text to UTF-8, byte for byte as {@link String#getBytes}
 * would, into room it keeps, so that hashing or sending the documents of a whole catalog costs no
 * array per document. One instance serves one thread; its bytes hold until the next encode.
 */
final class Utf8Scratch {
  private final CharsetEncoder encoder =
      StandardCharsets.UTF_8
          .newEncoder()
          // As String.getBytes does: a lone surrogate becomes '?'.
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE);

  private char[] chars = new char[0];
  private CharBuffer in = CharBuffer.wrap(chars);
  private byte[] bytes = new byte[0];
  private ByteBuffer out = ByteBuffer.wrap(bytes);

  /** Encodes {@code text}; {@link #bytes()} then holds its {@link #length()} bytes. */
  void encode(String text) {
    int n = text.length();
    roomFor(n);
    text.getChars(0, n, chars, 0);
    encode(n);
  }

  /** Encodes {@code text}; {@link #bytes()} then holds its {@link #length()} bytes. */
  void encode(StringBuilder text) {
    int n = text.length();
    roomFor(n);
    text.getChars(0, n, chars, 0);
    encode(n);
  }

  /** The encoded bytes, from index 0; valid until the next encode. */
  byte[] bytes() {
    return bytes;
  }

  /** How many of {@link #bytes()} the last encode wrote. */
  int length() {
    return out.position();
  }

  private void roomFor(int chars) {
    if (this.chars.length < chars) {
      this.chars = new char[Math.max(chars, 2 * this.chars.length)];
      in = CharBuffer.wrap(this.chars);
    }
    // UTF-8 takes at most three bytes per char: four for a surrogate pair, which is two chars.
    int room = 3 * chars;
    if (bytes.length < room) {
      bytes = new byte[Math.max(room, 2 * bytes.length)];
      out = ByteBuffer.wrap(bytes);
    }
  }

  private void encode(int n) {
    in.clear().limit(n);
    out.clear();
    encoder.reset();
    CoderResult result = encoder.encode(in, out, true);
    if (result.isUnderflow()) {
      result = encoder.flush(out);
    }
    if (!result.isUnderflow()) {
      // The room is three bytes a char and every malformed char is replaced: this cannot happen.
      try {
        result.throwException();
      } catch (CharacterCodingException e) {
        throw new IllegalStateException("cannot encode text as UTF-8", e);
      }
    }
  }
}
