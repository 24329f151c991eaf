package dev.waggle.adapters.postgres;

import java.util.logging.Level;
import liquibase.logging.Logger;
import liquibase.logging.core.AbstractLogService;
import liquibase.logging.core.AbstractLogger;
import org.slf4j.LoggerFactory;

/**
 * Persistence adapter helper: sends Liquibase's log to SLF4J, so migrations log like the rest of
 * Waggle instead of through java.util.logging on the console.
 */
final class LiquibaseSlf4jLogService extends AbstractLogService {

  @Override
  public int getPriority() {
    return PRIORITY_SPECIALIZED;
  }

  @Override
  @SuppressWarnings("rawtypes") // Liquibase declares the raw type; an override must repeat it.
  public Logger getLog(Class clazz) {
    return new Slf4jLogger(LoggerFactory.getLogger(clazz));
  }

  private static final class Slf4jLogger extends AbstractLogger {
    private final org.slf4j.Logger delegate;

    Slf4jLogger(org.slf4j.Logger delegate) {
      this.delegate = delegate;
    }

    @Override
    public void close() {
      // Nothing to release: SLF4J loggers live as long as the JVM.
    }

    @Override
    public void log(Level level, String message, Throwable e) {
      if (level == null || level.equals(Level.OFF)) {
        // Liquibase logs some messages at OFF precisely so that they are not shown.
        return;
      }
      int value = level.intValue();
      if (value >= Level.SEVERE.intValue()) {
        delegate.error(message, e);
      } else if (value >= Level.WARNING.intValue()) {
        delegate.warn(message, e);
      } else if (value >= Level.INFO.intValue()) {
        delegate.info(message, e);
      } else if (value >= Level.FINE.intValue()) {
        delegate.debug(message, e);
      } else {
        delegate.trace(message, e);
      }
    }
  }
}
