package dev.waggle.domain.paging;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.Version;
import java.util.Objects;

/**
 * Value object: an opaque keyset position in a listing — the (name, version) of the last item
 * served; the next page starts strictly after it. Encoded as URL-safe base64 so it can travel in a
 * query string unescaped.
 */
public record Cursor(ServerName name, Version version) {
  public Cursor {
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(version, "'version' must not be null");
  }

  public String encode() {
    return CursorText.encode(name.value(), version.value());
  }

  /** Decodes a cursor this server issued; anything else is a {@link ValidationException}. */
  public static Cursor decode(String text) {
    String[] fields = CursorText.decode(text, 2);
    try {
      return new Cursor(ServerName.of(fields[0]), Version.of(fields[1]));
    } catch (ValidationException e) {
      throw CursorText.invalid(text);
    }
  }
}
