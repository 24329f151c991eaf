package dev.waggle.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Value helper: parses durations the way Go's {@code time.ParseDuration} does ({@code 30s}, {@code
 * 5m}, {@code 1h30m}, {@code 1.5h}, {@code 250ms}), because ToolHive config files and admin API
 * bodies are written in that syntax.
 */
public final class GoDuration {
  private static final Pattern PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "µs", 1_000L,
          "μs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private GoDuration() {}

  /**
   * @throws IllegalArgumentException when {@code text} is not a Go duration
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration");
    }
    String rest = text.strip();
    boolean negative = false;
    if (rest.startsWith("-") || rest.startsWith("+")) {
      negative = rest.charAt(0) == '-';
      rest = rest.substring(1);
    }
    if (rest.equals("0")) {
      return Duration.ZERO;
    }
    Matcher matcher = PART.matcher(rest);
    BigDecimal nanos = BigDecimal.ZERO;
    int position = 0;
    while (position < rest.length()) {
      if (!matcher.find(position) || matcher.start() != position) {
        throw new IllegalArgumentException("not a duration: " + text);
      }
      BigDecimal amount = new BigDecimal(matcher.group(1));
      nanos = nanos.add(amount.multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(matcher.group(2)))));
      position = matcher.end();
    }
    if (position == 0) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    Duration duration = Duration.ofNanos(nanos.longValue());
    return negative ? duration.negated() : duration;
  }

  /** Formats like Go's {@code Duration.String} for whole units: {@code 1h30m0s}, {@code 45s}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder text = new StringBuilder(duration.isNegative() ? "-" : "");
    Duration d = duration.abs();
    long hours = d.toHours();
    long minutes = d.toMinutesPart();
    long seconds = d.toSecondsPart();
    long millis = d.toMillisPart();
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      text.append(minutes).append('m');
    }
    if (millis > 0 && hours == 0 && minutes == 0 && seconds == 0) {
      return text.append(millis).append("ms").toString();
    }
    text.append(seconds);
    if (millis > 0) {
      text.append('.').append(String.format("%03d", millis).replaceAll("0+$", ""));
    }
    return text.append('s').toString();
  }
}
