package dev.waggle.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped logback.xml writes access lines from a queue; a burst from many request threads still
 * logs every request, escaped, by the time logging stops.
 */
class AccessLogLinesTest {
  private static final String ACCESS_LOGGER = "dev.waggle.adapters.http.AccessLog";
  private static final int THREADS = 4;
  private static final int LINES_PER_THREAD = 5_000;

  @Test
  void aBurstOfRequestsFromManyThreadsLogsEveryLineOnceEscaped() throws Exception {
    List<String> lines =
        ShippedLogback.lines(
            ACCESS_LOGGER,
            access -> {
              List<Thread> threads = new ArrayList<>();
              for (int t = 0; t < THREADS; t++) {
                int thread = t;
                threads.add(
                    new Thread(
                        () -> {
                          for (int i = 0; i < LINES_PER_THREAD; i++) {
                            access.info("GET /v0.1/servers\n 200 1ms request_id={}-{}", thread, i);
                          }
                        }));
              }
              threads.forEach(Thread::start);
              for (Thread thread : threads) {
                thread.join();
              }
            });
    assertThat(lines).hasSize(THREADS * LINES_PER_THREAD);
    assertThat(lines).allSatisfy(line -> assertThat(line).contains("/servers\\n 200 1ms"));
    assertThat(lines.stream().map(line -> line.substring(line.indexOf("request_id="))).distinct())
        .hasSize(THREADS * LINES_PER_THREAD);
  }
}
