package dev.waggle.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Values that carry line breaks — an entry name from a source file, an exception quoting it — are
 * written by Waggle's own logback.xml as one escaped line, so they cannot forge log lines.
 */
class ForgedLogLinesTest {
  private static final String FORGED = "x\r\n2026-01-01T00:00:00.000Z ERROR FORGED";

  @Test
  void aValueWithLineBreaksStaysOnItsLogLine() throws Exception {
    List<String> lines =
        ShippedLogback.lines(
            "dev.waggle.test.Forged",
            logger -> logger.warn("source {} rejected entry {}", "catalog", FORGED));

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .contains(" WARN ")
        .endsWith("source catalog rejected entry x\\r\\n2026-01-01T00:00:00.000Z ERROR FORGED");
  }

  @Test
  void otherControlCharactersAreEscapedToo() throws Exception {
    List<String> lines =
        ShippedLogback.lines(
            "dev.waggle.test.Forged",
            logger -> logger.info("name {}", "a\u001b[31mred\u0000\u0085b\u2028c\td"));

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).endsWith("name a\\u001b[31mred\\u0000\\u0085b\\u2028c\\td");
  }

  @Test
  void anExceptionMessageIsEscapedButItsStackTraceKeepsOneFrameALine() throws Exception {
    List<String> lines =
        ShippedLogback.lines(
            "dev.waggle.test.Forged",
            logger ->
                logger.error(
                    "sync failed",
                    new IllegalStateException(
                        "bad entry " + FORGED, new IllegalArgumentException("cause " + FORGED))));

    assertThat(lines.get(0)).endsWith("sync failed");
    assertThat(lines.get(1))
        .isEqualTo(
            "java.lang.IllegalStateException: bad entry x\\r\\n2026-01-01T00:00:00.000Z ERROR"
                + " FORGED");
    assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("\tat "));
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .isEqualTo(
                        "Caused by: java.lang.IllegalArgumentException: cause"
                            + " x\\r\\n2026-01-01T00:00:00.000Z ERROR FORGED"));
    assertThat(lines).noneSatisfy(line -> assertThat(line).startsWith("2026-01-01T00:00:00.000Z"));
  }

  @Test
  void plainTextIsWrittenUnchanged() {
    assertThat(LogText.escape("C:\\data\\registry.json: 3 servers, ünïcode ✓"))
        .isEqualTo("C:\\data\\registry.json: 3 servers, ünïcode ✓");
  }
}
