package dev.waggle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "2026-01-10T09:00:00Z, 2026-01-10T09:00:00Z",
    "2026-01-10T09:00:00.100Z, 2026-01-10T09:00:00.1Z",
    "2026-01-10T09:00:00.123456Z, 2026-01-10T09:00:00.123456Z",
    "2026-01-10T09:00:00.000000001Z, 2026-01-10T09:00:00.000000001Z",
    "0999-12-31T23:59:59.999999990Z, 0999-12-31T23:59:59.99999999Z",
    "+10000-01-01T00:00:00.5Z, +10000-01-01T00:00:00.5Z"
  })
  void timestampsAreUtcWithTrailingZerosOfTheFractionTrimmed(String instant, String expected) {
    assertThat(Rfc3339.format(Instant.parse(instant))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "2025-08-07T13:15:04.280Z, 2025-08-07T13:15:04.280Z",
    "2025-08-07t13:15:04z, 2025-08-07T13:15:04Z",
    "2025-08-07T15:15:04+02:00, 2025-08-07T13:15:04Z",
    // An unencoded '+' in a query string arrives as a space.
    "2025-08-07T15:15:04 02:00, 2025-08-07T13:15:04Z",
    "2025-08-07T13:15:04.123456789-00:30, 2025-08-07T13:45:04.123456789Z"
  })
  void rfc3339DateTimesWithAZoneAreRead(String text, String expected) {
    assertThat(Rfc3339.parse(text)).hasValue(Instant.parse(expected));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "2025-08-07",
        "2025-08-07T13:15Z",
        "2025-08-07T13:15:04",
        "2025-08-07 13:15:04Z",
        "2025-13-07T13:15:04Z",
        "1754572504"
      })
  void anythingElseIsNotRead(String text) {
    assertThat(Rfc3339.parse(text)).isEmpty();
  }
}
