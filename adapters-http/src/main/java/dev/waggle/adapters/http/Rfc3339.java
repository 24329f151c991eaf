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
    int year = utc.getYear();
    if (year < 0 || year > 9999) {
      return SECONDS.format(utc) + fraction(utc.getNano()) + 'Z';
    }
    // Written by hand: a snapshot formats three of these per version, and the formatter and
    // String.format allocated more than everything else in building it.
    char[] text = new char[30];
    digits(text, 0, year, 4);
    text[4] = '-';
    digits(text, 5, utc.getMonthValue(), 2);
    text[7] = '-';
    digits(text, 8, utc.getDayOfMonth(), 2);
    text[10] = 'T';
    digits(text, 11, utc.getHour(), 2);
    text[13] = ':';
    digits(text, 14, utc.getMinute(), 2);
    text[16] = ':';
    digits(text, 17, utc.getSecond(), 2);
    int end = 19;
    int nanos = utc.getNano();
    if (nanos != 0) {
      text[end++] = '.';
      int places = 9;
      while (nanos % 10 == 0) {
        nanos /= 10;
        places--;
      }
      digits(text, end, nanos, places);
      end += places;
    }
    text[end++] = 'Z';
    return new String(text, 0, end);
  }

  /** Writes {@code value} as {@code width} decimal digits, zero-padded, at {@code at}. */
  private static void digits(char[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** The fractional seconds as long as they need to be, with their dot; empty for none. */
  private static String fraction(int nanos) {
    if (nanos == 0) {
      return "";
    }
    String digits = String.format(Locale.ROOT, "%09d", nanos);
    int end = digits.length();
    while (digits.charAt(end - 1) == '0') {
      end--;
    }
    return "." + digits.substring(0, end);
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
