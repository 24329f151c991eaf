package dev.waggle.bootstrap;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bootstrap: how a running {@code serve} ends. SIGTERM and SIGINT are the normal way to stop it, so
 * after a clean stop the process exits 0 — Kubernetes and systemd read the JVM's own 143 and 130 as
 * failures. Once shutdown has begun only {@link Runtime#halt} can choose the status ({@code exit}
 * would block), so the hook stops everything, flushes the log and then halts.
 */
final class ShutdownHook {
  private static final Logger LOG = LoggerFactory.getLogger(ShutdownHook.class);

  /** A status chosen by Waggle itself, which the hook keeps instead of 0. */
  private static volatile Integer requestedStatus;

  private ShutdownHook() {}

  /**
   * Stops {@code launcher} when the JVM is told to stop, then ends the process with status 0. When
   * Waggle had already begun to stop by itself (a part it runs failed for good), the hook only
   * waits for that stop: the status passed to {@code System.exit} stands.
   */
  static void install(Launcher launcher) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> run(launcher), "waggle-shutdown"));
  }

  /**
   * Ends the process with {@code status} — for code that must stop a serving Waggle because it can
   * no longer work — so that the hook stops cleanly and keeps that status.
   */
  static void exit(int status) {
    requestedStatus = status;
    System.exit(status);
  }

  private static void run(Launcher launcher) {
    int status;
    try {
      if (!launcher.stopUnlessStopping()) {
        launcher.awaitStop();
        // The status passed to System.exit stands, but queued log lines still reach the log.
        flushLogs();
        return;
      }
      status = requestedStatus == null ? Main.OK : requestedStatus;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      LOG.error("Waggle did not stop cleanly", e);
      status = Main.FAILED;
    }
    flushLogs();
    Runtime.getRuntime().halt(status);
  }

  private static void flushLogs() {
    ILoggerFactory loggers = LoggerFactory.getILoggerFactory();
    if (loggers instanceof LoggerContext logback) {
      // Stopping the context flushes and closes every appender.
      logback.stop();
    }
    System.out.flush();
    System.err.flush();
  }
}
