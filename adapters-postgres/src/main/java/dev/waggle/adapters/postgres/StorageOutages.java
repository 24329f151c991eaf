package dev.waggle.adapters.postgres;

import dev.waggle.application.port.out.StorageUnavailableException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persistence adapter helper: turns "PostgreSQL cannot be reached" failures of the stores into the
 * port's {@link StorageUnavailableException}, and logs an outage once when it starts and once when
 * it ends rather than a stack trace per request.
 */
final class StorageOutages {
  /**
   * SQLStates that mean the server is gone or refuses work for now, not that the statement was
   * wrong: class 08 (connection exception), the shutdown and start-up states of class 57, and too
   * many connections.
   */
  private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

  private static final Logger LOG = LoggerFactory.getLogger(StorageOutages.class);

  private final AtomicBoolean down = new AtomicBoolean();

  /**
   * Wraps a store so that every method call reports outages this way, and so do the calls of what
   * it returns as an interface of the port's own.
   */
  <T> T guard(Class<T> port, T store) {
    InvocationHandler handler =
        (proxy, method, arguments) -> {
          Object result;
          try {
            result = method.invoke(store, arguments);
          } catch (InvocationTargetException e) {
            throw translate(e.getCause());
          }
          if (method.getDeclaringClass() != Object.class) {
            available();
          }
          Class<?> returned = method.getReturnType();
          if (result != null && returned.isInterface() && returned.getEnclosingClass() == port) {
            // What the port hands out to be called later (a replacement begun ahead) reports
            // outages the same way.
            return guardAs(returned, result);
          }
          return result;
        };
    return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
  }

  private <T> T guardAs(Class<T> port, Object store) {
    return guard(port, port.cast(store));
  }

  /** The failure to throw in place of {@code failure}: the port's exception for an outage. */
  Throwable translate(Throwable failure) {
    if (failure instanceof StorageUnavailableException unavailable) {
      unavailable(unavailable);
      return unavailable;
    }
    if (!isUnavailable(failure)) {
      return failure;
    }
    StorageUnavailableException unavailable =
        new StorageUnavailableException(
            "PostgreSQL is unavailable: " + rootMessage(failure), failure);
    unavailable(unavailable);
    return unavailable;
  }

  private void unavailable(StorageUnavailableException e) {
    if (down.compareAndSet(false, true)) {
      LOG.warn("{}; requests that need the database answer 503 until it is back", e.getMessage());
    }
  }

  private void available() {
    if (down.get() && down.compareAndSet(true, false)) {
      LOG.info("PostgreSQL is reachable again; serving from the database");
    }
  }

  static boolean isUnavailable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      // HikariCP's "no connection within the connection timeout".
      if (cause instanceof SQLTransientConnectionException) {
        return true;
      }
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || UNAVAILABLE_STATES.contains(state)) {
          return true;
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    // The driver's first line is the useful one; later lines repeat server detail.
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
