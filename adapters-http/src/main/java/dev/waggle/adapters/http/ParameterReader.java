package dev.waggle.adapters.http;

import dev.waggle.adapters.http.ProblemJson.ProblemDetailJson;
import dev.waggle.domain.ValidationException;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * HTTP adapter helper: reads one request's path and query parameters into domain values, collecting
 * every rejection so that a single 400 names all bad parameters at once.
 */
final class ParameterReader {
  private final Context ctx;
  private final Map<String, String> query = new HashMap<>();
  private final Map<String, String> undecodable = new HashMap<>();
  private final List<ProblemDetailJson> problems = new ArrayList<>();

  ParameterReader(Context ctx) {
    this.ctx = ctx;
    readQueryString(ctx.queryString());
  }

  /** Thrown by a parser when a value is not acceptable; the message says why. */
  static final class BadValue extends RuntimeException {
    BadValue(String message) {
      super(message, null, false, false);
    }
  }

  /** A path parameter, percent-decoded exactly once; empty when it was rejected. */
  <T> Optional<T> path(String name, Function<String, T> parser) {
    return parse("path." + name, ctx.pathParam(name), parser);
  }

  /** A query parameter's first value; absent and empty both read as "not given". */
  <T> Optional<T> query(String name, Function<String, T> parser) {
    String raw = undecodable.get(name);
    if (raw != null) {
      reject("query." + name, raw, "is not valid percent-encoding of UTF-8 text");
      return Optional.empty();
    }
    String value = query.get(name);
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    return parse("query." + name, value, parser);
  }

  /** The decoded first value of a query parameter, as sent. */
  Optional<String> queryValue(String name) {
    return Optional.ofNullable(query.get(name));
  }

  void reject(String location, String value, String message) {
    problems.add(new ProblemDetailJson(location, value, message));
  }

  /** Ends reading: throws when any parameter was rejected. */
  void requireValid() {
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
  }

  private <T> Optional<T> parse(String location, String value, Function<String, T> parser) {
    if (value.chars().anyMatch(Character::isISOControl)) {
      // Storage cannot hold a NUL, and no name, version or search term needs a control character.
      reject(location, value, "must not contain control characters");
      return Optional.empty();
    }
    try {
      return Optional.of(parser.apply(value));
    } catch (ValidationException e) {
      reject(location, value, e.reason());
    } catch (BadValue e) {
      reject(location, value, e.getMessage());
    }
    return Optional.empty();
  }

  /**
   * Splits the raw query string itself: Javalin drops a value whose percent-encoding is broken, and
   * a client that sent {@code limit=%zz} must hear that, not get the default.
   */
  private void readQueryString(String queryString) {
    if (queryString == null || queryString.isEmpty()) {
      return;
    }
    for (String pair : queryString.split("&")) {
      int equals = pair.indexOf('=');
      String rawName = equals < 0 ? pair : pair.substring(0, equals);
      String rawValue = equals < 0 ? "" : pair.substring(equals + 1);
      Optional<String> name = decode(rawName);
      if (name.isEmpty() || query.containsKey(name.get()) || undecodable.containsKey(name.get())) {
        continue;
      }
      decode(rawValue)
          .ifPresentOrElse(
              value -> query.put(name.get(), value), () -> undecodable.put(name.get(), rawValue));
    }
  }

  /**
   * Form-decodes one query component, strictly: URLDecoder would turn bytes that are not UTF-8 into
   * U+FFFD and search for that, where the client deserves to hear its input was broken.
   */
  private static Optional<String> decode(String text) {
    if (isPlain(text)) {
      // Nothing to decode, and ASCII is valid UTF-8: what the loop below would give, without it.
      return Optional.of(text);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length()
            || Character.digit(text.charAt(i + 1), 16) < 0
            || Character.digit(text.charAt(i + 2), 16) < 0) {
          return Optional.empty();
        }
        bytes.write(
            Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else {
        // Keep a surrogate pair together so a raw (unencoded) emoji stays one character.
        int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
        byte[] encoded = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
        i = end - 1;
      }
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** Whether a component is ASCII without {@code %} or {@code +}: what most queries are. */
  private static boolean isPlain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' || c == '+' || c >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
