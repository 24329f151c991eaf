package dev.waggle.adapters.postgres;

import dev.waggle.application.port.out.StorageUnavailableException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persistence adapter helper: proves to every replica, through PostgreSQL itself, that this process
 * is alive — a session advisory lock held on a connection of its own, outside the pool. PostgreSQL
 * drops the lock the moment that session ends (the process died, was killed, or lost the database),
 * so a sync lease tagged with the lock's key is known to be orphaned at once.
 */
final class PostgresLivenessLock implements AutoCloseable {
  /**
   * First half of the two-part advisory lock key, so Waggle's locks do not collide with other
   * applications' in the same database ("Wgle").
   */
  static final int NAMESPACE = 0x57676C65;

  /**
   * SQL that is true when no live session holds the liveness lock whose key is in {@code column}.
   * The two-integer form of an advisory lock shows in {@code pg_locks} as classid, objid and
   * objsubid 2.
   */
  static String holderGone(String column) {
    return "NOT EXISTS (SELECT 1 FROM pg_locks l"
        + " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2"
        + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        + " AND l.classid::bigint = "
        + NAMESPACE
        + " AND l.objid::bigint = "
        + column
        + ")";
  }

  private static final Logger LOG = LoggerFactory.getLogger(PostgresLivenessLock.class);
  private static final int VALIDATION_TIMEOUT_SECONDS = 1;
  private static final int ATTEMPTS = 5;

  private final PostgresSettings settings;
  private final SecureRandom random = new SecureRandom();
  private Connection session;
  private int key;
  private boolean closed;

  PostgresLivenessLock(PostgresSettings settings) {
    this.settings = settings;
  }

  /**
   * The key of the lock this process holds right now, taking a new lock (with a new key) when the
   * session that held the last one is gone: leases tagged with the old key must count as orphaned,
   * since nothing proved this process alive while the session was down.
   *
   * @throws StorageUnavailableException when PostgreSQL cannot be reached
   */
  synchronized int key() {
    if (closed) {
      throw new IllegalStateException("the storage adapter is closed");
    }
    try {
      if (session != null && session.isValid(VALIDATION_TIMEOUT_SECONDS)) {
        return key;
      }
      closeSession();
      session = connect();
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        int candidate = 1 + random.nextInt(Integer.MAX_VALUE - 1);
        if (tryLock(session, candidate)) {
          key = candidate;
          LOG.debug("holding liveness lock {}", key);
          return key;
        }
      }
      throw new IllegalStateException("no free liveness lock key after " + ATTEMPTS + " tries");
    } catch (SQLException e) {
      closeSession();
      throw new StorageUnavailableException("PostgreSQL is unavailable: " + e.getMessage(), e);
    }
  }

  private Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", settings.user());
    if (settings.password() != null) {
      properties.setProperty("password", settings.password());
    }
    properties.setProperty("ApplicationName", "waggle-liveness");
    properties.setProperty("connectTimeout", "2");
    // Holding this object's monitor: a login that never ends would also block close() forever.
    properties.setProperty("loginTimeout", PostgresConnections.LOGIN_TIMEOUT_SECONDS);
    // Notices a database that vanished without closing the connection (a network cut).
    properties.setProperty("tcpKeepAlive", "true");
    return DriverManager.getConnection(settings.jdbcUrl(), properties);
  }

  private static boolean tryLock(Connection session, int key) throws SQLException {
    try (PreparedStatement lock =
        session.prepareStatement("SELECT pg_try_advisory_lock(" + NAMESPACE + ", ?)")) {
      lock.setInt(1, key);
      try (ResultSet rows = lock.executeQuery()) {
        return rows.next() && rows.getBoolean(1);
      }
    }
  }

  private void closeSession() {
    if (session != null) {
      try {
        session.close();
      } catch (SQLException e) {
        LOG.debug("closing the liveness session failed", e);
      }
      session = null;
    }
  }

  /** Ends the session, and with it the proof that this process is alive. */
  @Override
  public synchronized void close() {
    closed = true;
    closeSession();
  }
}
