package dev.waggle.domain.paging;

import dev.waggle.domain.ValidationException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Domain helper: the wire form every listing cursor shares — its fields as UTF-8 joined by NUL, in
 * URL-safe base64 without padding, so it travels in a query string unescaped.
 */
public final class CursorText {
  private static final String SEPARATOR = "\u0000";
  private static final String PROBLEM = "is not a cursor this server issued";

  private CursorText() {}

  public static String encode(String... fields) {
    byte[] raw = String.join(SEPARATOR, fields).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /**
   * The {@code count} fields of a cursor this server issued, the last one taking whatever follows
   * the previous separators; anything else is a {@link ValidationException}.
   */
  public static String[] decode(String text, int count) {
    if (text == null || text.isEmpty()) {
      throw invalid(text);
    }
    String decoded;
    try {
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(text)))
              .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw invalid(text);
    }
    String[] fields = decoded.split(SEPARATOR, count);
    if (fields.length != count) {
      throw invalid(text);
    }
    return fields;
  }

  /** The one answer to any cursor that does not decode to a position: it reveals nothing more. */
  public static ValidationException invalid(String text) {
    return new ValidationException("cursor", text, PROBLEM);
  }
}
