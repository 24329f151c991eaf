package dev.waggle.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.waggle.bootstrap.logging.LogFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Bootstrap: sets the root log level from {@code THV_REGISTRY_LOG_LEVEL} (else {@code LOG_LEVEL}),
 * as ToolHive does, the line format from {@code WAGGLE_LOG_FORMAT}, and routes java.util.logging
 * into the same log.
 */
final class LogLevels {
  private LogLevels() {}

  static void configure(Map<String, String> env, boolean debugFlag) {
    routeJavaUtilLogging();
    format(env);
    String requested =
        Optional.ofNullable(env.get("THV_REGISTRY_LOG_LEVEL"))
            .filter(s -> !s.isBlank())
            .orElse(env.get("LOG_LEVEL"));
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (debugFlag) {
      root.setLevel(Level.DEBUG);
      return;
    }
    if (requested == null || requested.isBlank()) {
      return;
    }
    Optional<Level> level = parse(requested);
    if (level.isPresent()) {
      root.setLevel(level.get());
    } else {
      root.setLevel(Level.INFO);
      root.warn(
          "Unknown log level '{}' in THV_REGISTRY_LOG_LEVEL/LOG_LEVEL; using info (expected"
              + " debug, info, warn or error)",
          requested);
    }
  }

  /** One JSON object per line when {@code WAGGLE_LOG_FORMAT=json}; the shipped text otherwise. */
  static void format(Map<String, String> env) {
    String requested = env.get(LogFormat.VARIABLE);
    if (requested == null || requested.isBlank()) {
      return;
    }
    Optional<LogFormat> format = LogFormat.parse(requested);
    if (format.isPresent()) {
      format.get().applyTo((LoggerContext) LoggerFactory.getILoggerFactory());
    } else {
      LoggerFactory.getLogger(LogLevels.class)
          .warn(
              "Unknown log format '{}' in {}; writing text (expected text or json)",
              requested,
              LogFormat.VARIABLE);
    }
  }

  /**
   * Sends java.util.logging (the services' System.Logger, Guice) to logback, once per JVM, so every
   * line has one format and one level switch.
   */
  static synchronized void routeJavaUtilLogging() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }

  static Optional<Level> parse(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "debug" -> Optional.of(Level.DEBUG);
      case "info" -> Optional.of(Level.INFO);
      case "warn", "warning" -> Optional.of(Level.WARN);
      case "error" -> Optional.of(Level.ERROR);
      default -> Optional.empty();
    };
  }
}
