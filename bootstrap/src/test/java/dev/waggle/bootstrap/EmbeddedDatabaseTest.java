package dev.waggle.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL as a local user could reach it: only with the generated passwords, only
 * over loopback, served by a non-superuser, and brought back when its server process dies.
 */
class EmbeddedDatabaseTest {
  private static final EmbeddedDatabase.Restarts QUICK =
      new EmbeddedDatabase.Restarts(3, Duration.ofMillis(200));

  @TempDir Path home;

  private Path data() {
    return WaggleHome.embeddedDataDirectory(home);
  }

  private Path secrets() {
    return WaggleHome.embeddedSecretsFile(home);
  }

  @Test
  void givenANewHome_whenStarted_thenOnlyTheGeneratedPasswordsLetAnyoneIn() throws Exception {
    try (EmbeddedDatabase database = EmbeddedDatabase.start(data())) {
      assertThat(Files.getPosixFilePermissions(secrets()))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(secrets().getParent()).isEqualTo(home);
      assertThat(Files.readString(data().resolve("pg_hba.conf"))).doesNotContain("trust");

      assertThatThrownBy(() -> connect(database, "postgres", null))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> connect(database, "waggle", null)).isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> connect(database, "postgres", "wrong"))
          .isInstanceOf(SQLException.class);
      try (Connection app = connect(database, "waggle", database.settings().password())) {
        assertThat(queryBoolean(app, "SELECT rolsuper FROM pg_roles WHERE rolname = 'waggle'"))
            .isFalse();
        // What the probe did as the trusted superuser is refused to the app user.
        assertThatThrownBy(
                () -> execute(app, "COPY (SELECT 1) TO PROGRAM 'touch /tmp/waggle-pwned'"))
            .isInstanceOf(SQLException.class);
      }
      try (Connection admin =
          connect(database, "postgres", database.settings().migrationPassword())) {
        assertThat(queryString(admin, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
      }
    }

    // The same home again: the passwords in the file still open it.
    try (EmbeddedDatabase again = EmbeddedDatabase.start(data());
        Connection app = connect(again, "waggle", again.settings().password())) {
      assertThat(queryBoolean(app, "SELECT true")).isTrue();
    }
  }

  @Test
  void givenADataDirectoryAnEarlierWaggleLeftOpen_whenStarted_thenItRequiresPasswordsFromNowOn()
      throws Exception {
    // What earlier versions of Waggle left behind: zonky's defaults, trusting every local user.
    try (EmbeddedPostgres old =
            EmbeddedPostgres.builder()
                .setDataDirectory(data())
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .start();
        Connection admin = old.getPostgresDatabase().getConnection()) {
      execute(admin, "CREATE ROLE waggle LOGIN");
      execute(admin, "CREATE DATABASE waggle");
    }
    assertThat(Files.readString(data().resolve("pg_hba.conf"))).contains("trust");
    assertThat(secrets()).doesNotExist();

    try (EmbeddedDatabase database = EmbeddedDatabase.start(data())) {
      assertThat(Files.readString(data().resolve("pg_hba.conf"))).doesNotContain("trust");
      assertThat(Files.getPosixFilePermissions(secrets()))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThatThrownBy(() -> connect(database, "postgres", null))
          .isInstanceOf(SQLException.class);
      try (Connection admin =
          connect(database, "postgres", database.settings().migrationPassword())) {
        assertThat(queryBoolean(admin, "SELECT true")).isTrue();
      }
    }
  }

  @Test
  void givenALockedDownDataDirectoryWithoutItsPasswords_whenStarted_thenItSaysWhatIsMissing() {
    EmbeddedDatabase.start(data()).close();
    try {
      Files.delete(secrets());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }

    assertThatThrownBy(() -> EmbeddedDatabase.start(data()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(secrets().toString())
        .hasMessageContaining("missing");
  }

  @Test
  void givenARunningServer_whenItsPostmasterIsKilled_thenWaggleStartsItAgainOnTheSamePort()
      throws Exception {
    try (EmbeddedDatabase database =
        EmbeddedDatabase.start(data(), secrets(), QUICK, reason -> {})) {
      long first = database.postmasterPid();

      kill(first);

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (database.postmasterPid() == first && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(database.postmasterPid()).isNotEqualTo(first);
      assertThat(database.unrecoverableFault()).isEmpty();
      try (Connection app = connect(database, "waggle", database.settings().password())) {
        assertThat(queryBoolean(app, "SELECT true")).isTrue();
      }
    }
  }

  @Test
  void givenAPostmasterThatCannotBeStartedAgain_whenItDies_thenWaggleReportsItCannotRecover()
      throws Exception {
    CompletableFuture<String> gaveUp = new CompletableFuture<>();
    try (EmbeddedDatabase database =
        EmbeddedDatabase.start(data(), secrets(), QUICK, gaveUp::complete)) {
      int port = database.port();
      kill(database.postmasterPid());
      // Something else takes the port the moment the server is gone.
      try (ServerSocket squatter = bindWhenFree(port)) {
        assertThat(squatter.getLocalPort()).isEqualTo(port);
        String reason = gaveUp.get(60, TimeUnit.SECONDS);

        assertThat(reason).contains("could not be restarted");
        // The server's own words for the cause, not its last line ("database system is shut down").
        assertThat(reason)
            .contains("Address already in use")
            .contains("FATAL:  could not create any TCP/IP sockets");
        assertThat(database.unrecoverableFault()).contains(reason);
      }
    }
  }

  private static ServerSocket bindWhenFree(int port) throws Exception {
    for (int i = 0; i < 200; i++) {
      try {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        return socket;
      } catch (IOException stillBound) {
        Thread.sleep(10);
      }
    }
    throw new IllegalStateException("port " + port + " never became free");
  }

  private static void kill(long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start();
    assertThat(kill.waitFor()).isZero();
  }

  private static Connection connect(EmbeddedDatabase database, String user, String password)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + database.port() + "/waggle", properties);
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static boolean queryBoolean(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getBoolean(1);
    }
  }

  private static String queryString(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
