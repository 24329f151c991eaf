package dev.waggle.bootstrap.e2e;

import static dev.waggle.bootstrap.e2e.Api.namesAndVersions;
import static dev.waggle.bootstrap.e2e.RegistryFiles.registry;
import static dev.waggle.bootstrap.e2e.ToolHiveCluster.APP_PASSWORD;
import static dev.waggle.bootstrap.e2e.ToolHiveCluster.APP_USER;
import static dev.waggle.bootstrap.e2e.ToolHiveCluster.MIGRATOR;
import static dev.waggle.bootstrap.e2e.ToolHiveCluster.MIGRATOR_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.waggle.bootstrap.CliEnvironment;
import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.Main;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.WaggleConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * End to end on a database prepared as ToolHive documents it: Waggle serves through ToolHive's two
 * users with passwords from {@code .pgpass}, shares the database with ToolHive's own tables without
 * touching them, and its {@code prime-db} and {@code migrate} commands work on it.
 */
class ToolHiveDatabaseTest {
  private static final String CATALOG_SOURCE =
      """
      sources:
        - {name: local, file: {path: catalog.json}, syncPolicy: {interval: 1h}}
      registries:
        - {name: default, sources: [local]}
      auth: {mode: anonymous}
      """;

  @TempDir static Path clusterDir;
  private static ToolHiveCluster cluster;

  @TempDir Path dir;
  private Path pgpass;

  @BeforeAll
  static void startCluster() {
    cluster = ToolHiveCluster.start(clusterDir, true);
  }

  @AfterAll
  static void stopCluster() throws IOException {
    cluster.close();
  }

  @BeforeEach
  void writeCatalogAndPgpass() throws IOException {
    registry()
        .server("io.example.toolhive/db", "1.0.0", "Served from ToolHive's database")
        .writeTo(dir.resolve("catalog.json"));
    pgpass =
        Files.writeString(
            dir.resolve("pgpass"),
            cluster.pgpassLine(APP_USER, APP_PASSWORD)
                + cluster.pgpassLine(MIGRATOR, MIGRATOR_PASSWORD));
  }

  @Test
  void givenToolHivesTwoUsersAndPgpass_whenServing_thenTheCatalogIsServed() throws Exception {
    String database = cluster.newDatabase();
    // The passwords really are checked: without one, the app user is turned away.
    assertThatThrownBy(() -> cluster.connect(database, APP_USER, null).close())
        .isInstanceOf(SQLException.class);
    WaggleConfig config = config(cluster.databaseBlock(database, APP_USER, MIGRATOR));
    assertThat(config.database().orElseThrow().password()).contains(APP_PASSWORD);

    try (Launcher launcher = Launcher.start(config, options())) {
      assertServesTheCatalog(launcher);
    }
  }

  @Test
  void givenADatabaseToolHiveMigrated_whenWaggleServesFromIt_thenToolHivesTablesStayUntouched()
      throws Exception {
    String database = cluster.newDatabase();
    try (Connection migrator = cluster.connect(database, MIGRATOR, MIGRATOR_PASSWORD);
        Statement sql = migrator.createStatement()) {
      // A few of ToolHive's tables, under its names, as its migrations would leave them.
      sql.execute("CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean)");
      sql.execute("INSERT INTO schema_migrations VALUES (23, false)");
      sql.execute("CREATE TABLE source (id uuid PRIMARY KEY, name text UNIQUE NOT NULL)");
      sql.execute("CREATE TABLE registry (id uuid PRIMARY KEY, name text UNIQUE NOT NULL)");
      sql.execute(
          "CREATE TABLE registry_source (registry_id uuid REFERENCES registry,"
              + " source_id uuid REFERENCES source, position int NOT NULL DEFAULT 0)");
      sql.execute("CREATE TABLE mcp_server (version_id uuid PRIMARY KEY, website text)");
      sql.execute(
          "INSERT INTO source VALUES ('00000000-0000-0000-0000-000000000001', 'toolhive-src')");
      sql.execute(
          "INSERT INTO registry VALUES ('00000000-0000-0000-0000-000000000002', 'toolhive')");
      sql.execute(
          "INSERT INTO registry_source VALUES ('00000000-0000-0000-0000-000000000002',"
              + " '00000000-0000-0000-0000-000000000001', 0)");
      sql.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + ROLE);
    }
    List<String> before = publicSchemaSnapshot(database);
    WaggleConfig config = config(cluster.databaseBlock(database, APP_USER, MIGRATOR));

    ListAppender<ILoggingEvent> log = captureSchemaLog();
    try (Launcher launcher = Launcher.start(config, options())) {
      assertServesTheCatalog(launcher);
    } finally {
      releaseSchemaLog(log);
    }

    assertThat(publicSchemaSnapshot(database)).isEqualTo(before);
    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("Found ToolHive Registry Server's tables in schema public")
                    .contains("schema_migrations")
                    .contains("untouched"));
    try (Connection migrator = cluster.connect(database, MIGRATOR, MIGRATOR_PASSWORD)) {
      assertThat(strings(migrator, "SELECT name FROM waggle.source")).containsExactly("local");
    }
  }

  @Test
  void primeDbDryRunPrintsTheSqlWithTheUserNameDefaultedAndChangesNothing() throws Exception {
    String database = cluster.newDatabase();
    Path configFile = configFile(cluster.databaseBlock(database, "db_dry_run", MIGRATOR));

    Cli cli = cli("", "prime-db", "--config", configFile.toString(), "--dry-run");

    assertThat(cli.exit()).isZero();
    assertThat(cli.out())
        .contains("CREATE ROLE toolhive_registry_server NOLOGIN;")
        .contains("CREATE ROLE \"db_dry_run\" LOGIN;")
        .contains("ALTER ROLE \"db_dry_run\" PASSWORD '********';")
        .contains("GRANT toolhive_registry_server TO \"db_dry_run\";");
    try (Connection admin = cluster.superuserConnection("postgres")) {
      assertThat(strings(admin, "SELECT rolname FROM pg_roles WHERE rolname = 'db_dry_run'"))
          .isEmpty();
    }
  }

  @Test
  void primeDbCreatesAUserWhoCanThenServe() throws Exception {
    String database = cluster.newDatabase();
    // prime-db creates a login and grants it the role, so its migration user needs CREATEROLE and
    // the role's ADMIN OPTION (PostgreSQL 16+); ToolHive's db_migrator has neither (see the next
    // test), a DBA's user does.
    String password = "it's a secret";
    cluster.superuser(
        "CREATE ROLE db_admin LOGIN CREATEROLE PASSWORD 'admin'",
        "GRANT " + ROLE + " TO db_admin WITH ADMIN OPTION");
    Files.writeString(
        pgpass, cluster.pgpassLine("db_admin", "admin") + cluster.pgpassLine("db_new", password));
    Path primeConfig = configFile(cluster.databaseBlock(database, APP_USER, "db_admin"));

    Cli cli = cli(password + "\n", "prime-db", "db_new", "--config", primeConfig.toString());

    assertThat(cli.exit()).as(cli.err()).isZero();
    assertThat(cli.out() + cli.err()).doesNotContain(password);
    Files.writeString(
        pgpass, Files.readString(pgpass) + cluster.pgpassLine(MIGRATOR, MIGRATOR_PASSWORD));
    WaggleConfig config = config(cluster.databaseBlock(database, "db_new", MIGRATOR));
    try (Launcher launcher = Launcher.start(config, options())) {
      assertServesTheCatalog(launcher);
    }
  }

  @Test
  void primeDbByAMigrationUserWithoutCreateroleFailsNamingTheSqlAndChangesNothing()
      throws Exception {
    String database = cluster.newDatabase();
    Path configFile = configFile(cluster.databaseBlock(database, APP_USER, MIGRATOR));

    Cli cli = cli("secret-pw\n", "prime-db", "db_refused", "--config", configFile.toString());

    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err())
        .contains("permission denied")
        .contains("CREATE ROLE \"db_refused\" LOGIN;")
        .contains("GRANT toolhive_registry_server TO \"db_refused\";")
        .doesNotContain("secret-pw");
    try (Connection admin = cluster.superuserConnection("postgres")) {
      assertThat(strings(admin, "SELECT rolname FROM pg_roles WHERE rolname = 'db_refused'"))
          .isEmpty();
    }
  }

  @Test
  void migrateDownThenUpThroughTheCommandLineRestoresTheSchema() throws Exception {
    String database = cluster.newDatabase();
    Path configFile = configFile(cluster.databaseBlock(database, APP_USER, MIGRATOR));
    assertThat(cli("", "migrate", "up", "-y", "--config", configFile.toString()).exit()).isZero();

    Cli down = cli("", "migrate", "down", "-n", "1", "-y", "--config", configFile.toString());

    assertThat(down.exit()).as(down.err()).isZero();
    assertThat(down.out()).contains("Rolled back 1 migration(s)");
    Cli up = cli("", "migrate", "up", "--yes", "--config", configFile.toString());
    assertThat(up.exit()).as(up.err()).isZero();
    try (Launcher launcher = Launcher.start(config(Files.readString(configFile)), options())) {
      assertServesTheCatalog(launcher);
    }
  }

  private static final String ROLE = ToolHiveCluster.ROLE;

  private void assertServesTheCatalog(Launcher launcher) {
    Api api = new Api(launcher.publicUrl());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(namesAndVersions(api.ok("/v0.1/servers")))
                    .containsExactly("io.example.toolhive/db@1.0.0"));
  }

  private Launcher.Options options() {
    return LoopbackLaunch.options(dir.resolve("home"));
  }

  private WaggleConfig config(String databaseBlock) {
    String yaml =
        databaseBlock.contains("sources:") ? databaseBlock : databaseBlock + CATALOG_SOURCE;
    return new ConfigLoader(Map.of("PGPASSFILE", pgpass.toString()), dir, dir)
        .parse(yaml)
        .orElseThrow();
  }

  private Path configFile(String databaseBlock) throws IOException {
    return Files.writeString(dir.resolve("config.yaml"), databaseBlock + CATALOG_SOURCE);
  }

  private record Cli(int exit, String out, String err) {}

  private Cli cli(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        Main.commandLine(
            new CliEnvironment(
                Map.of("PGPASSFILE", pgpass.toString()),
                dir,
                dir.resolve("user-home"),
                false,
                new StringReader(stdin)));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Cli(exit, out.toString(), err.toString());
  }

  /**
   * Everything in schema public a change could show in: each table's owner, privileges and columns,
   * and every row.
   */
  private static List<String> publicSchemaSnapshot(String database) throws SQLException {
    List<String> snapshot = new ArrayList<>();
    try (Connection admin = cluster.superuserConnection(database)) {
      snapshot.addAll(
          strings(
              admin,
              "SELECT c.relname || ' ' || c.relkind::text || ' ' || pg_get_userbyid(c.relowner) || ' '"
                  + " || coalesce(c.relacl::text, '') FROM pg_class c JOIN pg_namespace n ON"
                  + " n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY 1"));
      snapshot.addAll(
          strings(
              admin,
              "SELECT table_name || '.' || column_name || ' ' || data_type FROM"
                  + " information_schema.columns WHERE table_schema = 'public' ORDER BY 1"));
      for (String table :
          strings(admin, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
        snapshot.addAll(
            strings(
                admin,
                "SELECT '" + table + " ' || t::text FROM public." + table + " t ORDER BY 1"));
      }
    }
    return snapshot;
  }

  private static List<String> strings(Connection connection, String query) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement sql = connection.createStatement();
        ResultSet rows = sql.executeQuery(query)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  private static ListAppender<ILoggingEvent> captureSchemaLog() {
    Logger logger = (Logger) LoggerFactory.getLogger("dev.waggle.adapters.postgres.PostgresSchema");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.INFO);
    return appender;
  }

  private static void releaseSchemaLog(ListAppender<ILoggingEvent> appender) {
    Logger logger = (Logger) LoggerFactory.getLogger("dev.waggle.adapters.postgres.PostgresSchema");
    logger.detachAppender(appender);
    logger.setLevel(null);
  }
}
