package dev.waggle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccessLogTest {
  static RunningApi api;
  static AccessLogCapture accessLog;

  @BeforeAll
  static void start() {
    accessLog = new AccessLogCapture();
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
    accessLog.close();
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
    List<ILoggingEvent> lines = accessLog.linesOf(id);
    assertThat(lines).hasSize(1);
    return lines.get(0);
  }
}
