package dev.waggle.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Test fixture: what the shipped logback.xml writes to stderr for what a test logs through it. */
final class ShippedLogback {
  /** What a test does with a logger of a fresh context configured from the shipped file. */
  @FunctionalInterface
  interface LoggingWork {
    void logTo(Logger logger) throws Exception;
  }

  private ShippedLogback() {}

  /**
   * Runs {@code work} against {@code loggerName} in a fresh logger context set up from the shipped
   * logback.xml, stops the context as Waggle's shutdown hook does, and returns the non-empty lines
   * written to stderr.
   */
  static List<String> lines(String loggerName, LoggingWork work) throws Exception {
    return lines(loggerName, LogFormat.TEXT, work);
  }

  /** As {@link #lines(String, LoggingWork)}, with the lines written in {@code format}. */
  static List<String> lines(String loggerName, LogFormat format, LoggingWork work)
      throws Exception {
    URL shipped = ShippedLogback.class.getResource("/logback.xml");
    assertThat(shipped).as("the shipped logback.xml").isNotNull();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(shipped);
      format.applyTo(context);
      work.logTo(context.getLogger(loggerName));
    } finally {
      context.stop();
      System.setErr(originalErr);
    }
    return Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n", -1))
        .map(line -> line.endsWith("\r") ? line.substring(0, line.length() - 1) : line)
        .filter(line -> !line.isEmpty())
        .toList();
  }
}
