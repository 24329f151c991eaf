package dev.waggle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AccessLogTest {
  static RunningApi api;
  static final ListAppender<ILoggingEvent> LINES = new ListAppender<>();
  static Level configuredLevel;

  @BeforeAll
  static void start() {
    Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.class);
    LINES.start();
    logger.addAppender(LINES);
    // DEBUG lines must reach the appender for the test to see where probes are logged.
    configuredLevel = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    api =
        new RunningApi(
            new FakeBrowseCatalog()
                .with(
                    FakeBrowseCatalog.DEFAULT,
                    Listings.active("io.github.acme/weather", "1.0.0", true, 0)));
  }

  @AfterAll
  static void stop() {
    api.close();
    Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.class);
    logger.detachAppender(LINES);
    logger.setLevel(configuredLevel);
  }

  @Test
  void everyRequestIsLoggedOnceWithItsRequestIdAtALevelMatchingItsStatus() {
    HttpResponse<String> ok = api.get("/v0.1/servers/io.github.acme%2Fweather/versions?x=1");
    HttpResponse<String> bad = api.get("/v0.1/servers?limit=0");
    HttpResponse<String> fault = api.get("/registry/broken/v0.1/servers");

    assertThat(line(ok))
        .satisfies(
            e -> assertThat(e.getLevel()).isEqualTo(Level.INFO),
            e ->
                assertThat(e.getFormattedMessage())
                    .startsWith("GET /v0.1/servers/io.github.acme%2Fweather/versions 200 ")
                    .contains("ms request_id="));
    assertThat(line(bad).getLevel()).isEqualTo(Level.WARN);
    assertThat(line(fault).getLevel()).isEqualTo(Level.ERROR);
  }

  @Test
  void probesOfTheInternalListenerStayOutOfTheInfoLog() {
    HttpResponse<String> probe = api.getInternal("/health");

    assertThat(line(probe).getLevel()).isEqualTo(Level.DEBUG);
  }

  private static ILoggingEvent line(HttpResponse<String> response) {
    String id = response.headers().firstValue("X-Request-Id").orElseThrow();
    List<ILoggingEvent> lines;
    synchronized (LINES) {
      lines =
          List.copyOf(LINES.list).stream()
              .filter(e -> e.getFormattedMessage().contains("request_id=" + id + " "))
              .toList();
    }
    assertThat(lines).hasSize(1);
    return lines.get(0);
  }
}
