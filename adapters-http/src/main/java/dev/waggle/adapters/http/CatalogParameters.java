package dev.waggle.adapters.http;

import dev.waggle.adapters.http.ParameterReader.BadValue;
import dev.waggle.application.port.in.ListServersQuery;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * HTTP adapter helper: parsers for the MCP Registry API's query parameters whose rules live in the
 * protocol rather than in a domain value.
 */
final class CatalogParameters {
  // Compiled once: String.matches compiled it again on every list request.
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

  private CatalogParameters() {}

  static int limit(String text) {
    return limit(text, ListServersQuery.MAX_LIMIT);
  }

  /** A page size from 1 to {@code max}, for any list of the API. */
  static int limit(String text, int max) {
    // Integer.parseInt also takes '+5' and non-ASCII digits such as a fullwidth '５'; a query
    // parameter is plain ASCII digits.
    if (!INTEGER.matcher(text).matches()) {
      throw new BadValue("must be an integer");
    }
    int limit;
    try {
      limit = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      // Digits too many for an int are still an integer, just far out of range.
      throw outOfRange(max);
    }
    if (limit < 1 || limit > max) {
      throw outOfRange(max);
    }
    return limit;
  }

  static Instant updatedSince(String text) {
    return Rfc3339.parse(text)
        .orElseThrow(
            () ->
                new BadValue(
                    "must be an RFC 3339 date-time with a time zone,"
                        + " e.g. 2025-08-07T13:15:04.280Z"));
  }

  static boolean flag(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new BadValue("must be true or false");
    }
  }

  private static BadValue outOfRange(int max) {
    return new BadValue("must be between 1 and " + max);
  }
}
