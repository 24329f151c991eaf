package dev.waggle.bootstrap;

import dev.waggle.adapters.postgres.PostgresAppRole;
import dev.waggle.adapters.postgres.PostgresSettings;
import dev.waggle.application.port.out.SelfRecovery;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
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
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bootstrap: a real PostgreSQL run from binaries shipped in a jar, for a config without a {@code
 * database} block. Its data directory is kept between runs, so the catalog survives restarts. It is
 * locked down like an external one — loopback TCP only, password (SCRAM) logins only, with
 * generated passwords in a private file — and the superuser migrates while the non-superuser {@code
 * waggle} serves. Waggle owns the server process: when it dies, Waggle starts it again.
 */
final class EmbeddedDatabase implements AutoCloseable, SelfRecovery {
  static final String DATABASE = "waggle";
  static final String APP_USER = "waggle";
  static final String SUPERUSER = "postgres";
  static final String LISTEN_ADDRESS = "127.0.0.1";

  /** Every start writes this, so a hand edit or an older Waggle's trust rules do not survive. */
  static final String HBA_CONTENT =
      """
      # Written by Waggle at every start of its embedded PostgreSQL: password (SCRAM) logins only,
      # over loopback TCP only. The passwords are in the secrets file under WAGGLE_HOME.
      # TYPE  DATABASE  USER  ADDRESS        METHOD
      host    all       all   127.0.0.1/32   scram-sha-256
      local   all       all                  scram-sha-256
      """;

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  /** zonky's own lock file in the data directory, held while a process uses it. */
  private static final String ZONKY_LOCK = "epg-lock";

  private static final Pattern TRUST = Pattern.compile("(?m)^\\s*[^#\\s].*\\strust(\\s|$)");

  /** How often, and how patiently, a postmaster that died is started again. */
  record Restarts(int attempts, Duration firstBackoff) {
    static final Restarts DEFAULT = new Restarts(5, Duration.ofSeconds(1));

    Restarts {
      if (attempts < 1) {
        throw new IllegalArgumentException("'attempts' must be at least 1");
      }
      Objects.requireNonNull(firstBackoff, "'firstBackoff' must not be null");
    }
  }

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;
  private final EmbeddedSecrets secrets;
  private final Restarts restarts;
  private final Consumer<String> onGiveUp;
  private final ExecutorService supervisor;
  private volatile boolean closing;
  private volatile String unrecoverable;
  private volatile long postmasterPid;

  private EmbeddedDatabase(
      EmbeddedPostgres postgres,
      Path dataDirectory,
      EmbeddedSecrets secrets,
      Restarts restarts,
      Consumer<String> onGiveUp) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
    this.secrets = secrets;
    this.restarts = restarts;
    this.onGiveUp = onGiveUp;
    this.supervisor =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "waggle-embedded-postgres");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts with the passwords in the secrets file beside the data directory. */
  static EmbeddedDatabase start(Path dataDirectory) {
    return start(dataDirectory, reason -> {});
  }

  /** Starts as {@link #start(Path)}, telling {@code onGiveUp} if the server dies for good. */
  static EmbeddedDatabase start(Path dataDirectory, Consumer<String> onGiveUp) {
    Path directory = dataDirectory.toAbsolutePath().normalize();
    return start(
        directory,
        WaggleHome.embeddedSecretsFile(directory.getParent()),
        Restarts.DEFAULT,
        onGiveUp);
  }

  /**
   * Starts PostgreSQL on a free loopback port with its data in {@code dataDirectory} and its
   * passwords in {@code secretsFile}, creating the cluster, the app user and the database on first
   * use, and locking down a data directory an earlier Waggle left open to every local user.
   *
   * @param onGiveUp told why, when the server died and could not be started again
   * @throws IllegalStateException when the directory is in use by another process, the passwords
   *     are missing, or PostgreSQL cannot start on it
   */
  static EmbeddedDatabase start(
      Path dataDirectory, Path secretsFile, Restarts restarts, Consumer<String> onGiveUp) {
    Path directory = dataDirectory.toAbsolutePath().normalize();
    Path secretsPath = secretsFile.toAbsolutePath().normalize();
    // zonky runs initdb exactly when this file is missing.
    boolean existing = Files.exists(directory.resolve("postgresql.conf"));
    Path initdbPasswordFile = null;
    EmbeddedPostgres postgres;
    EmbeddedSecrets secrets;
    boolean trusting;
    try {
      Files.createDirectories(directory);
      stopServerLeftRunning(directory);
      trusting = existing && trusts(directory.resolve("pg_hba.conf"));
      // A locked-down cluster without its passwords cannot be opened; anything else can be
      // given passwords now.
      secrets =
          existing && !trusting
              ? EmbeddedSecrets.read(secretsPath)
              : EmbeddedSecrets.readOrCreate(secretsPath);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(directory)
              .setCleanDataDirectory(false)
              // Launcher stops it in order, after the pool; a second hook would race with that.
              .setRegisterShutdownHook(false)
              // zonky turns this off for speed; kept data must survive a crash.
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("listen_addresses", LISTEN_ADDRESS)
              // No Unix socket: TCP on loopback is the only way in.
              .setServerConfig("unix_socket_directories", "''")
              .setServerConfig("password_encryption", "scram-sha-256")
              .setConnectConfig("password", secrets.superuser())
              .setPGStartupWait(Duration.ofSeconds(60));
      if (!existing) {
        // initdb's own options come after zonky's "-A trust" and win: the cluster never trusts.
        initdbPasswordFile = secrets.writeInitdbPasswordFile(secretsPath);
        builder
            .setLocaleConfig("auth", "scram-sha-256")
            .setLocaleConfig("pwfile", initdbPasswordFile.toString());
      }
      if (!trusting) {
        builder.setDataDirectoryCustomizer(EmbeddedDatabase::writeHba);
      }
      postgres = builder.start();
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
    } finally {
      EmbeddedSecrets.deleteQuietly(initdbPasswordFile);
    }
    EmbeddedDatabase database =
        new EmbeddedDatabase(postgres, directory, secrets, restarts, onGiveUp);
    try {
      if (trusting) {
        database.lockDown(secretsPath);
      }
      database.provision();
      database.requirePasswords();
      database.watch();
    } catch (SQLException | IOException | RuntimeException e) {
      database.close();
      throw new IllegalStateException(
          "cannot prepare the embedded PostgreSQL in " + directory + ": " + e.getMessage(), e);
    }
    if (existing) {
      LOG.info(
          "Embedded PostgreSQL on {}:{}, using the data in {}",
          LISTEN_ADDRESS,
          postgres.getPort(),
          directory);
    } else {
      LOG.info(
          "Embedded PostgreSQL on {}:{}, with a new data directory {} (set WAGGLE_HOME to"
              + " keep it elsewhere)",
          LISTEN_ADDRESS,
          postgres.getPort(),
          directory);
    }
    return database;
  }

  /** Connection settings: the superuser migrates, the {@code waggle} user serves. */
  PostgresSettings settings() {
    return new PostgresSettings(
        jdbcUrl(DATABASE),
        APP_USER,
        secrets.app(),
        SUPERUSER,
        secrets.superuser(),
        10,
        1,
        Duration.ofMinutes(30));
  }

  int port() {
    return postgres.getPort();
  }

  Path dataDirectory() {
    return dataDirectory;
  }

  /** The postmaster's process id right now; it changes when Waggle restarts the server. */
  long postmasterPid() {
    return postmasterPid;
  }

  @Override
  public Optional<String> unrecoverableFault() {
    return Optional.ofNullable(unrecoverable);
  }

  private String jdbcUrl(String database) {
    return "jdbc:postgresql://"
        + LISTEN_ADDRESS
        + ":"
        + postgres.getPort()
        + "/"
        + database
        + "?sslmode=disable";
  }

  private static boolean trusts(Path hba) throws IOException {
    return Files.exists(hba) && TRUST.matcher(Files.readString(hba)).find();
  }

  private static void writeHba(File directory) {
    try {
      Files.writeString(directory.toPath().resolve("pg_hba.conf"), HBA_CONTENT);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write pg_hba.conf in " + directory, e);
    }
  }

  /**
   * An earlier Waggle let every local connection in as any user, without a password. While that
   * still holds, give both users their passwords, then require them from every connection.
   */
  private void lockDown(Path secretsFile) throws SQLException, IOException {
    try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
      PostgresAppRole.setPassword(admin, SUPERUSER, secrets.superuser().toCharArray());
    }
    writeHba(dataDirectory.toFile());
    try (Connection admin = postgres.getPostgresDatabase().getConnection();
        Statement sql = admin.createStatement()) {
      sql.execute("SELECT pg_reload_conf()");
    }
    LOG.warn(
        "The embedded PostgreSQL in {} let every local user in without a password (set up by an"
            + " earlier Waggle); it now requires the passwords kept in {}",
        dataDirectory,
        secretsFile);
  }

  private void provision() throws SQLException {
    try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
      // Every start, so that the role always matches the secrets file.
      PostgresAppRole.ensurePowerlessLogin(admin, APP_USER, secrets.app().toCharArray());
      if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
        try (Statement sql = admin.createStatement()) {
          sql.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8'");
        }
      }
    }
  }

  /**
   * Fails closed: a server that still lets a connection in without a password must not serve. A
   * configuration reload takes effect a moment after it is asked for, hence the retries.
   */
  private void requirePasswords() {
    Properties noPassword = new Properties();
    noPassword.setProperty("user", SUPERUSER);
    noPassword.setProperty("connectTimeout", "5");
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        DriverManager.getConnection(jdbcUrl("postgres"), noPassword).close();
      } catch (SQLException expected) {
        return;
      }
      sleep(Duration.ofMillis(100));
    }
    throw new IllegalStateException(
        "the embedded PostgreSQL still accepts connections without a password; check"
            + " pg_hba.conf in "
            + dataDirectory);
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

  /** Follows the postmaster, so that its death is noticed at once, not on the next request. */
  private void watch() {
    ProcessHandle postmaster =
        postmaster(dataDirectory.resolve("postmaster.pid"))
            .orElseThrow(() -> new IllegalStateException("no postmaster runs on " + dataDirectory));
    postmasterPid = postmaster.pid();
    postmaster.onExit().thenRunAsync(() -> postmasterExited(postmaster.pid()), supervisor);
  }

  private void postmasterExited(long pid) {
    if (closing) {
      return;
    }
    LOG.warn(
        "The embedded PostgreSQL (pid {}) stopped unexpectedly; restarting it on port {}",
        pid,
        postgres.getPort());
    Duration backoff = restarts.firstBackoff();
    String lastError = "";
    for (int attempt = 1; attempt <= restarts.attempts() && !closing; attempt++) {
      try {
        restartPostmaster();
        watch();
        LOG.info(
            "The embedded PostgreSQL runs again (pid {}, attempt {}); connections recover by"
                + " themselves",
            postmasterPid,
            attempt);
        return;
      } catch (IOException | RuntimeException e) {
        lastError = e.getMessage();
        LOG.warn(
            "Restarting the embedded PostgreSQL failed (attempt {} of {}): {}{}",
            attempt,
            restarts.attempts(),
            lastError,
            attempt < restarts.attempts() ? "; next attempt in " + backoff.toMillis() + " ms" : "");
      }
      if (attempt < restarts.attempts()) {
        sleep(backoff);
        backoff = backoff.multipliedBy(2);
      }
    }
    if (closing) {
      return;
    }
    unrecoverable =
        "the embedded PostgreSQL stopped and could not be restarted (" + lastError + ")";
    LOG.error("{}; Waggle cannot recover by itself and must be restarted", unrecoverable);
    onGiveUp.accept(unrecoverable);
  }

  /**
   * Starts the server again with the very command line it last ran with: PostgreSQL keeps it in
   * {@code postmaster.opts}, and {@code pg_ctl restart} reuses it for a server that is gone.
   */
  private void restartPostmaster() throws IOException {
    List<String> previous = commandLine(dataDirectory.resolve("postmaster.opts"));
    Path pgCtl = Path.of(previous.get(0)).resolveSibling("pg_ctl");
    Path log = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
    List<String> command = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      // As zonky does: PostgreSQL refuses to run as root, but runs in a user namespace of its own.
      command.addAll(List.of("unshare", "-U"));
    }
    command.addAll(
        List.of(
            pgCtl.toString(),
            "restart",
            "-D",
            dataDirectory.toString(),
            "-w",
            "-t",
            "60",
            "-l",
            log.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("pg_ctl did not finish within 90 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while restarting PostgreSQL", e);
    }
    if (process.exitValue() != 0) {
      // pg_ctl only says "examine the log output"; the server's words there say what went wrong.
      String reason = Files.exists(log) ? whyItStopped(Files.readString(log)) : lastLine(output);
      throw new IllegalStateException(reason + " (see " + log + ")");
    }
  }

  private static List<String> commandLine(Path opts) throws IOException {
    String line = Files.readString(opts, StandardCharsets.UTF_8).strip();
    List<String> words = new ArrayList<>();
    Matcher word = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
    while (word.find()) {
      words.add(word.group(1) != null ? word.group(1) : word.group(2));
    }
    if (words.isEmpty()) {
      throw new IllegalStateException(opts + " is empty");
    }
    return words;
  }

  /**
   * The server's last FATAL or PANIC message, with the one before it, which names the cause (its
   * very last line is only "database system is shut down"): e.g. {@code could not bind IPv4 address
   * "127.0.0.1": Address already in use; FATAL: could not create any TCP/IP sockets}.
   */
  static String whyItStopped(String log) {
    String[] lines = log.strip().split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (lines[i].contains("FATAL:") || lines[i].contains("PANIC:")) {
        String fatal = message(lines[i]);
        int cause = i - 1;
        while (cause >= 0
            && (lines[cause].contains("HINT:") || lines[cause].contains("WARNING:"))) {
          cause--;
        }
        return cause >= 0
                && lines[cause].contains("LOG:")
                && !lines[cause].contains("LOG:  starting PostgreSQL")
            ? message(lines[cause]).replaceFirst("^LOG:\\s+", "") + "; " + fatal
            : fatal;
      }
    }
    return lastLine(log);
  }

  /** A log line without its time stamp and process id: from its level on. */
  private static String message(String line) {
    Matcher level = Pattern.compile("\\b(LOG|FATAL|PANIC):").matcher(line);
    return (level.find() ? line.substring(level.start()) : line).strip();
  }

  private static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines.length == 0 || lines[lines.length - 1].isBlank()
        ? "pg_ctl failed"
        : lines[lines.length - 1].strip();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
    closing = true;
    supervisor.shutdownNow();
    if (unrecoverable != null) {
      // No server to stop, and asking pg_ctl to stop it would only log a stack trace.
      LOG.info("Embedded PostgreSQL is not running; its data stays in {}", dataDirectory);
      return;
    }
    try {
      postgres.close();
      LOG.info("Embedded PostgreSQL stopped; its data stays in {}", dataDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
    }
  }
}
