package dev.waggle.domain.extension;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.paging.CursorText;
import java.util.Objects;

/**
 * Value object: an opaque keyset position in a skill or plugin listing — the (namespace, name,
 * version) of the last item served; the next page starts strictly after it. URL-safe base64.
 */
public record ExtensionCursor(ExtensionId id, Version version) {

  public ExtensionCursor {
    Objects.requireNonNull(id, "'id' must not be null");
    Objects.requireNonNull(version, "'version' must not be null");
  }

  public String encode() {
    return CursorText.encode(id.namespace(), id.name(), version.value());
  }

  /** Decodes a cursor this server issued; anything else is a {@link ValidationException}. */
  public static ExtensionCursor decode(String text) {
    String[] fields = CursorText.decode(text, 3);
    try {
      return new ExtensionCursor(ExtensionId.of(fields[0], fields[1]), Version.of(fields[2]));
    } catch (IllegalArgumentException e) {
      // ValidationException is an IllegalArgumentException too: every failure reads the same.
      throw CursorText.invalid(text);
    }
  }
}
