package dev.waggle.adapters.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persistence adapter: brings the schema up to date with the Liquibase changelog, as the migration
 * user, on a connection of its own. Safe to run on every start of every replica: replicas wait for
 * each other and applied changesets are skipped.
 */
public final class PostgresMigrator {
  /** The NOLOGIN role holding the app's table privileges; the app user only needs to join it. */
  public static final String APP_ROLE = "waggle_app";

  static final String CHANGELOG = "db/changelog.yaml";

  /** Session lock that serializes migrations, even before Liquibase's own lock table exists. */
  private static final long MIGRATION_LOCK = 0x5761_6767_6c65_0002L;

  private static final Logger LOG = LoggerFactory.getLogger(PostgresMigrator.class);

  private final PostgresSettings settings;

  public PostgresMigrator(PostgresSettings settings) {
    this.settings = settings;
  }

  /**
   * Applies every changeset not yet applied.
   *
   * @throws IllegalStateException when the database cannot be reached or a changeset fails
   */
  public void migrate() {
    LOG.info("Migrating the schema as {}", settings.migrationUser());
    try (Connection connection = connect()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
      }
      runLiquibase(connection);
      // Closing the connection releases the session lock.
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot migrate the database as " + settings.migrationUser() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Makes {@code appUser} a member of {@link #APP_ROLE}, so that it may read and write every table.
   * Run after {@link #migrate()} (which creates the role), on a connection of a user allowed to
   * grant it.
   */
  public static void grantAppRole(Connection migrationConnection, String appUser)
      throws SQLException {
    try (Statement statement = migrationConnection.createStatement()) {
      statement.execute("GRANT " + APP_ROLE + " TO " + quoteIdentifier(appUser));
    }
  }

  /** Quotes a PostgreSQL identifier so that any user name is taken literally. */
  static String quoteIdentifier(String identifier) {
    if (identifier == null || identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a valid PostgreSQL identifier: " + identifier);
    }
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", settings.migrationUser());
    if (settings.migrationPassword() != null) {
      properties.setProperty("password", settings.migrationPassword());
    }
    properties.setProperty("ApplicationName", "waggle-migrate");
    Connection connection = new Driver().connect(settings.jdbcUrl(), properties);
    if (connection == null) {
      throw new SQLException("not a PostgreSQL JDBC URL: " + settings.jdbcUrl());
    }
    return connection;
  }

  private static void runLiquibase(Connection connection) throws SQLException {
    Map<String, Object> scope = new HashMap<>();
    scope.put(
        Scope.Attr.resourceAccessor.name(),
        new ClassLoaderResourceAccessor(PostgresMigrator.class.getClassLoader()));
    scope.put(Scope.Attr.logService.name(), new LiquibaseSlf4jLogService());
    scope.put(Scope.Attr.ui.name(), new LoggerUIService());
    // Liquibase would otherwise phone home on every start.
    scope.put(AnalyticsArgs.ENABLED.getKey(), false);
    try {
      Scope.child(
          scope,
          () -> {
            Database database =
                DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            new CommandScope(UpdateCommandStep.COMMAND_NAME)
                .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                .addArgumentValue(
                    ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
                .execute();
          });
    } catch (SQLException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new SQLException("Liquibase update failed: " + e.getMessage(), e);
    }
  }
}
