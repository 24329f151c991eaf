package dev.waggle.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A log line written while a traced span is current names the trace and the span, in the shipped
 * text format and in the JSON one that {@code WAGGLE_LOG_FORMAT=json} picks for a SIEM.
 */
class LogCorrelationTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aTextLineInsideASpanCarriesItsIds_andOneOutsideCarriesNothingExtra() throws Exception {
    List<String> lines =
        ShippedLogback.lines(
            "dev.waggle.Example",
            logger -> {
              logger.info("before the span");
              logger.getLoggerContext().getMDCAdapter().put("trace_id", TRACE_ID);
              logger.getLoggerContext().getMDCAdapter().put("span_id", SPAN_ID);
              logger.info("inside the span");
            });

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).endsWith("dev.waggle.Example - before the span");
    assertThat(lines.get(1))
        .endsWith(
            "dev.waggle.Example - trace_id="
                + TRACE_ID
                + " span_id="
                + SPAN_ID
                + " inside the span");
  }

  @Test
  void inJsonEachLineIsOneObjectWithTheMessageTheLevelAndTheIds() throws Exception {
    List<String> lines =
        ShippedLogback.lines(
            "dev.waggle.Example",
            LogFormat.JSON,
            logger -> {
              logger.getLoggerContext().getMDCAdapter().put("trace_id", TRACE_ID);
              logger.getLoggerContext().getMDCAdapter().put("span_id", SPAN_ID);
              logger.warn("a value from {}\nforged: line", "a request");
            });

    // The newline in the message is escaped inside the object: no forged second line.
    assertThat(lines).hasSize(1);
    JsonNode line = JSON.readTree(lines.get(0));
    assertThat(line.get("level").asText()).isEqualTo("WARN");
    assertThat(line.get("loggerName").asText()).isEqualTo("dev.waggle.Example");
    assertThat(line.get("formattedMessage").asText())
        .isEqualTo("a value from a request\nforged: line");
    assertThat(line.has("timestamp")).isTrue();
    assertThat(line.at("/mdc/trace_id").asText()).isEqualTo(TRACE_ID);
    assertThat(line.at("/mdc/span_id").asText()).isEqualTo(SPAN_ID);
  }

  @Test
  void theFormatIsNamedTextOrJsonInAnyCase() {
    assertThat(LogFormat.parse("JSON")).contains(LogFormat.JSON);
    assertThat(LogFormat.parse(" text ")).contains(LogFormat.TEXT);
    assertThat(LogFormat.parse("logfmt")).isEmpty();
  }
}
