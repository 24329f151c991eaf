package dev.waggle.domain.extension;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.catalog.Version;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Value object: an opaque keyset position in a skill or plugin listing — the (namespace, name,
 * version) of the last item served; the next page starts strictly after it. URL-safe base64.
 */
public record ExtensionCursor(ExtensionId id, Version version) {
  private static final char SEPARATOR = '\u0000';
  private static final String PROBLEM = "is not a cursor this server issued";

  public ExtensionCursor {
    Objects.requireNonNull(id, "'id' must not be null");
    Objects.requireNonNull(version, "'version' must not be null");
  }

  public String encode() {
    String text = id.namespace() + SEPARATOR + id.name() + SEPARATOR + version.value();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes a cursor this server issued; anything else is a {@link ValidationException}. */
  public static ExtensionCursor decode(String text) {
    if (text == null || text.isEmpty()) {
      throw new ValidationException("cursor", text, PROBLEM);
    }
    try {
      String decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(text)))
              .toString();
      String[] parts = decoded.split(String.valueOf(SEPARATOR), -1);
      if (parts.length != 3) {
        throw new ValidationException("cursor", text, PROBLEM);
      }
      return new ExtensionCursor(ExtensionId.of(parts[0], parts[1]), Version.of(parts[2]));
    } catch (IllegalArgumentException | CharacterCodingException e) {
      // ValidationException is an IllegalArgumentException too: every failure reads the same.
      throw new ValidationException("cursor", text, PROBLEM);
    }
  }
}
