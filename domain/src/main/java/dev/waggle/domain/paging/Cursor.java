package dev.waggle.domain.paging;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.Version;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Value object: an opaque keyset position in a listing — the (name, version) of the last item
 * served; the next page starts strictly after it. Encoded as URL-safe base64 so it can travel in a
 * query string unescaped.
 */
public record Cursor(ServerName name, Version version) {
  private static final char SEPARATOR = '\u0000';

  public Cursor {
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(version, "'version' must not be null");
  }

  public String encode() {
    byte[] raw = (name.value() + SEPARATOR + version.value()).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /** Decodes a cursor this server issued; anything else is a {@link ValidationException}. */
  public static Cursor decode(String text) {
    String problem = "is not a cursor this server issued";
    if (text == null || text.isEmpty()) {
      throw new ValidationException("cursor", text, problem);
    }
    String decoded;
    try {
      byte[] raw = Base64.getUrlDecoder().decode(text);
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(raw))
              .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw new ValidationException("cursor", text, problem);
    }
    int separator = decoded.indexOf(SEPARATOR);
    if (separator < 0) {
      throw new ValidationException("cursor", text, problem);
    }
    try {
      return new Cursor(
          ServerName.of(decoded.substring(0, separator)),
          Version.of(decoded.substring(separator + 1)));
    } catch (ValidationException e) {
      throw new ValidationException("cursor", text, problem);
    }
  }
}
