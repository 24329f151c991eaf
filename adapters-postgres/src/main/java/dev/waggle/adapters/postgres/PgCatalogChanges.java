package dev.waggle.adapters.postgres;

import dev.waggle.application.port.out.CatalogChanges;
import dev.waggle.domain.ValidationException;
import dev.waggle.domain.registry.RegistryName;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persistence adapter: {@link CatalogChanges} on PostgreSQL — this replica's own commits, told at
 * once, and every replica's, heard with {@code LISTEN} on a dedicated connection outside the pool
 * that reconnects after any failure and then reports that news may have been missed.
 */
final class PgCatalogChanges implements CatalogChanges {
  private static final Logger LOG = LoggerFactory.getLogger(PgCatalogChanges.class);

  /** How long one wait for news lasts; bounds how late a stop is noticed. */
  private static final int POLL_MILLIS = 500;

  private static final Duration FIRST_RETRY = Duration.ofMillis(500);
  private static final Duration LAST_RETRY = Duration.ofSeconds(15);

  private final PostgresSettings settings;
  private final List<Consumer<Optional<RegistryName>>> listeners = new CopyOnWriteArrayList<>();
  private Listening listening;

  /**
   * @param settings where to listen; null for a store that only hears its own commits
   */
  PgCatalogChanges(PostgresSettings settings) {
    this.settings = settings;
  }

  @Override
  public synchronized Subscription subscribe(Consumer<Optional<RegistryName>> listener) {
    listeners.add(listener);
    if (listening == null && settings != null) {
      listening = new Listening();
      Thread thread = new Thread(listening, "waggle-catalog-listen");
      thread.setDaemon(true);
      listening.thread = thread;
      thread.start();
    }
    return () -> unsubscribe(listener);
  }

  private synchronized void unsubscribe(Consumer<Optional<RegistryName>> listener) {
    listeners.remove(listener);
    if (listeners.isEmpty() && listening != null) {
      listening.stop();
      listening = null;
    }
  }

  /** Tells this replica's listeners about registries whose generation its own commit moved. */
  void committed(Collection<String> registries) {
    registries.forEach(name -> deliver(Optional.of(RegistryName.of(name))));
  }

  private void deliver(Optional<RegistryName> registry) {
    for (Consumer<Optional<RegistryName>> listener : listeners) {
      try {
        listener.accept(registry);
      } catch (RuntimeException e) {
        LOG.warn("A catalog change listener failed: {}", e.getMessage(), e);
      }
    }
  }

  /** The loop that holds the listening connection. */
  private final class Listening implements Runnable {
    private volatile boolean stopped;
    private Thread thread;

    void stop() {
      stopped = true;
      thread.interrupt();
      try {
        thread.join(Duration.ofSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void run() {
      Duration retry = FIRST_RETRY;
      boolean heardBefore = false;
      boolean warned = false;
      while (!stopped) {
        try (Connection connection = connect()) {
          try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + ServedCatalogWriter.CHANNEL);
          }
          if (heardBefore) {
            LOG.info("Listening for catalog changes again");
            // Whatever was sent while no one listened is lost: everything may have moved.
            deliver(Optional.empty());
          }
          heardBefore = true;
          warned = false;
          retry = FIRST_RETRY;
          PGConnection pg = connection.unwrap(PGConnection.class);
          while (!stopped) {
            PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
            if (notifications != null) {
              deliverAll(notifications);
            }
          }
        } catch (SQLException | RuntimeException e) {
          if (stopped) {
            return;
          }
          String message =
              "No catalog change feed ({}); other replicas' syncs reach this one by the"
                  + " periodic check until it is back. Reconnecting in {} ms";
          // Once per outage at WARN; the attempts after it at DEBUG.
          if (warned) {
            LOG.debug(message, e.getMessage(), retry.toMillis());
          } else {
            LOG.warn(message, e.getMessage(), retry.toMillis());
            warned = true;
          }
          try {
            Thread.sleep(retry.toMillis());
          } catch (InterruptedException interrupted) {
            return;
          }
          retry =
              retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
        }
      }
    }

    private void deliverAll(PGNotification[] notifications) {
      // Several syncs in a row arrive together: one call per registry is enough.
      Set<String> registries = new LinkedHashSet<>();
      for (PGNotification notification : notifications) {
        registries.add(notification.getParameter());
      }
      for (String registry : registries) {
        if (registry.equals(ServedCatalogWriter.EVERYTHING)) {
          deliver(Optional.empty());
          continue;
        }
        try {
          deliver(Optional.of(RegistryName.of(registry)));
        } catch (ValidationException e) {
          // Not a registry name: someone else talks on the channel. Check everything instead.
          deliver(Optional.empty());
        }
      }
    }

    private Connection connect() throws SQLException {
      Properties properties = new Properties();
      properties.setProperty("user", settings.user());
      if (settings.password() != null) {
        properties.setProperty("password", settings.password());
      }
      properties.setProperty("ApplicationName", "waggle-listen");
      properties.setProperty("connectTimeout", "10");
      properties.setProperty("loginTimeout", PostgresConnections.LOGIN_TIMEOUT_SECONDS);
      // A dead peer must not leave the loop waiting forever on a socket that never answers.
      properties.setProperty("tcpKeepAlive", "true");
      return DriverManager.getConnection(settings.jdbcUrl(), properties);
    }
  }
}
