package dev.waggle.bootstrap;

import dev.waggle.adapters.postgres.PostgresSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bootstrap: a real PostgreSQL run from binaries shipped in a jar, for a config without a {@code
 * database} block. Its data directory is kept between runs, so the catalog survives restarts; the
 * superuser migrates and the {@code waggle} user serves, as with an external database.
 */
final class EmbeddedDatabase implements AutoCloseable {
  static final String DATABASE = "waggle";
  static final String APP_USER = "waggle";
  static final String SUPERUSER = "postgres";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  /** zonky's own lock file in the data directory, held while a process uses it. */
  private static final String ZONKY_LOCK = "epg-lock";

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Starts PostgreSQL on a free loopback port with its data in {@code dataDirectory}, creating the
   * cluster, the app user and the database on first use.
   *
   * @throws IllegalStateException when the directory is in use by another process, or PostgreSQL
   *     cannot start on it
   */
  static EmbeddedDatabase start(Path dataDirectory) {
    Path directory = dataDirectory.toAbsolutePath().normalize();
    boolean existing = Files.exists(directory.resolve("PG_VERSION"));
    EmbeddedPostgres postgres;
    try {
      Files.createDirectories(directory);
      stopServerLeftRunning(directory);
      postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(directory)
              .setCleanDataDirectory(false)
              // Launcher stops it in order, after the pool; a second hook would race with that.
              .setRegisterShutdownHook(false)
              // zonky turns this off for speed; kept data must survive a crash.
              .setServerConfig("synchronous_commit", "on")
              .setPGStartupWait(Duration.ofSeconds(60))
              .start();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot start the embedded PostgreSQL with its data in "
              + directory
              + ": "
              + e.getMessage()
              + (existing
                  ? " (if the data was written by another PostgreSQL version, move the directory"
                      + " away to start afresh)"
                  : ""),
          e);
    }
    EmbeddedDatabase database = new EmbeddedDatabase(postgres, directory);
    try {
      database.provision();
    } catch (SQLException | RuntimeException e) {
      database.close();
      throw new IllegalStateException(
          "cannot prepare the embedded PostgreSQL in " + directory + ": " + e.getMessage(), e);
    }
    if (existing) {
      LOG.info(
          "Embedded PostgreSQL on port {}, using the data in {}", postgres.getPort(), directory);
    } else {
      LOG.info(
          "Embedded PostgreSQL on port {}, with a new data directory {} (set WAGGLE_HOME to"
              + " keep it elsewhere)",
          postgres.getPort(),
          directory);
    }
    return database;
  }

  /** Connection settings: the superuser migrates, the {@code waggle} user serves. */
  PostgresSettings settings() {
    // initdb ran with trust authentication on loopback only, so no password is involved.
    return new PostgresSettings(
        "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE + "?sslmode=disable",
        APP_USER,
        null,
        SUPERUSER,
        null,
        10,
        1,
        Duration.ofMinutes(30));
  }

  Path dataDirectory() {
    return dataDirectory;
  }

  private void provision() throws SQLException {
    try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
      if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", APP_USER)) {
        try (Statement sql = admin.createStatement()) {
          sql.execute("CREATE ROLE " + APP_USER + " LOGIN");
        }
      }
      if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
        try (Statement sql = admin.createStatement()) {
          sql.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8'");
        }
      }
    }
  }

  private static boolean exists(Connection connection, String query, String name)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setString(1, name);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  /**
   * A Waggle killed without its shutdown (SIGKILL, power loss in a container) leaves its PostgreSQL
   * running, and that server would keep the data directory locked forever. If no live process holds
   * zonky's lock on the directory, a postmaster still registered in it is such an orphan.
   */
  private static void stopServerLeftRunning(Path directory) throws IOException {
    Path pidFile = directory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    try (FileChannel channel =
            FileChannel.open(
                directory.resolve(ZONKY_LOCK),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = tryLock(channel)) {
      if (lock == null) {
        throw new IllegalStateException(
            "another Waggle is already using " + directory + "; stop it or set WAGGLE_HOME");
      }
      Optional<ProcessHandle> orphan = postmaster(pidFile);
      if (orphan.isEmpty()) {
        return;
      }
      LOG.warn(
          "Stopping PostgreSQL (pid {}) left running on {} by an earlier Waggle",
          orphan.get().pid(),
          directory);
      // SIGTERM is PostgreSQL's "smart" shutdown; nobody is connected to an orphan.
      orphan.get().destroy();
      try {
        orphan.get().onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(
            "PostgreSQL (pid "
                + orphan.get().pid()
                + ") still runs on "
                + directory
                + "; stop it and start Waggle again",
            e);
      }
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  private static Optional<ProcessHandle> postmaster(Path pidFile) {
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      if (lines.isEmpty()) {
        return Optional.empty();
      }
      long pid = Long.parseLong(lines.get(0).strip());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          // The pid may have been reused by an unrelated process since.
          .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
      LOG.info("Embedded PostgreSQL stopped; its data stays in {}", dataDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
    }
  }
}
