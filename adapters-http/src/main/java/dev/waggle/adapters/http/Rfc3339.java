package dev.waggle.adapters.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * HTTP adapter helper: RFC 3339 timestamps as the MCP Registry API writes and reads them — UTC with
 * {@code Z}, fractional seconds only as long as they need to be.
 */
final class Rfc3339 {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);
  // RFC 3339 section 5.6: seconds and a zone are required; 'T' and 'Z' may be lower case.
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
  // An unencoded '+' in a query string arrives as a space; the offset is what the caller meant.
  private static final Pattern SPACE_FOR_PLUS = Pattern.compile(" (\\d{2}:\\d{2})$");

  private Rfc3339() {}

  static String format(Instant instant) {
    LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    StringBuilder text = new StringBuilder(SECONDS.format(utc));
    int nanos = utc.getNano();
    if (nanos != 0) {
      String fraction = String.format(Locale.ROOT, "%09d", nanos);
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') {
        end--;
      }
      text.append('.').append(fraction, 0, end);
    }
    return text.append('Z').toString();
  }

  /** Parses an RFC 3339 date-time with a zone; empty when the text is not one. */
  static Optional<Instant> parse(String text) {
    String candidate = SPACE_FOR_PLUS.matcher(text).replaceFirst("+$1");
    if (!DATE_TIME.matcher(candidate).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          OffsetDateTime.parse(
                  candidate.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              .toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
