package dev.waggle.adapters.postgres;

import dev.waggle.application.port.out.StorageHealth;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persistence adapter: {@link StorageHealth} as a {@code SELECT 1} through the pool that must
 * answer within a short timeout, however long the pool would wait for a connection.
 */
final class JdbcStorageHealth implements StorageHealth {
  static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final Logger LOG = LoggerFactory.getLogger(JdbcStorageHealth.class);

  private final DataSource dataSource;
  private final ExecutorService executor;

  /** A probe still running is joined, not duplicated, so a hung database cannot pile threads up. */
  private CompletableFuture<Boolean> running;

  JdbcStorageHealth(DataSource dataSource) {
    this.dataSource = dataSource;
    this.executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "waggle-storage-health");
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public boolean isReachable() {
    try {
      return probe().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      LOG.debug("storage health probe did not answer within {}", TIMEOUT, e);
      return false;
    }
  }

  private synchronized CompletableFuture<Boolean> probe() {
    if (running == null || running.isDone()) {
      running = CompletableFuture.supplyAsync(this::ping, executor);
    }
    return running;
  }

  private boolean ping() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout((int) TIMEOUT.toSeconds());
      try (ResultSet rs = statement.executeQuery("SELECT 1")) {
        return rs.next();
      }
    } catch (Exception e) {
      LOG.debug("storage health probe failed", e);
      return false;
    }
  }
}
