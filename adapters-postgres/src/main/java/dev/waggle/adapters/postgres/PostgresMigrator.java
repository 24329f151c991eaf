package dev.waggle.adapters.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.command.CommandScope;
import liquibase.command.core.RollbackCountCommandStep;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persistence adapter: brings the schema up to date with the Liquibase changelog, as the migration
 * user, on a connection of its own, after checking ToolHive's role contract ({@link
 * PostgresAppRole}) and Waggle's own schema ({@link PostgresSchema}). Safe to run on every start of
 * every replica: replicas wait for each other and applied changesets are skipped.
 */
public final class PostgresMigrator {
  static final String CHANGELOG = "db/changelog.yaml";

  /** Session lock that serializes migrations, even before Liquibase's own lock table exists. */
  private static final long MIGRATION_LOCK = 0x5761_6767_6c65_0002L;

  private static final Logger LOG = LoggerFactory.getLogger(PostgresMigrator.class);

  private final PostgresSettings settings;
  private final ResourceAccessor changelogs;

  public PostgresMigrator(PostgresSettings settings) {
    this(settings, new ClassLoaderResourceAccessor(PostgresMigrator.class.getClassLoader()));
  }

  /** A migrator reading {@value #CHANGELOG} from {@code changelogs}: tests run older ones. */
  PostgresMigrator(PostgresSettings settings, ResourceAccessor changelogs) {
    this.settings = settings;
    this.changelogs = changelogs;
  }

  /**
   * Applies every changeset not yet applied, after making sure the role {@value
   * PostgresAppRole#NAME} exists and the app user is a member, and grants it the tables afterwards.
   *
   * @return how many changesets this run applied (0 when the schema was already up to date)
   * @throws IllegalStateException when the database cannot be reached, a changeset fails, or the
   *     role, the membership or the schema is missing and the migration user may not create it (the
   *     message then names the SQL a DBA must run)
   */
  public int migrate() {
    LOG.info("Migrating schema {} as {}", PostgresSchema.NAME, settings.migrationUser());
    long started = System.nanoTime();
    try (Connection connection = PostgresConnections.migration(settings, "waggle-migrate")) {
      lock(connection);
      // Checked first: a database the migration user cannot serve from is left as it was.
      boolean appRole = PostgresAppRole.ensureExists(connection, settings.user());
      if (appRole) {
        PostgresAppRole.grantMembership(connection, settings.user());
      }
      PostgresSchema.prepare(connection, CHANGELOG, true);
      int before = applied(connection);
      update(connection);
      if (appRole) {
        PostgresAppRole.grantPrivileges(connection, PostgresSchema.NAME);
      }
      int after = applied(connection);
      long millis = (System.nanoTime() - started) / 1_000_000;
      // An operator reads this line to learn whether this start changed the schema.
      if (after == before) {
        LOG.info(
            "Schema {} was up to date: no migration to apply, {} applied earlier ({} ms)",
            PostgresSchema.NAME,
            after,
            millis);
      } else {
        LOG.info(
            "Applied {} migration(s) to schema {} in {} ms; {} applied in all",
            after - before,
            PostgresSchema.NAME,
            millis,
            after);
      }
      // Closing the connection releases the session lock.
      return after - before;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot migrate the database as " + settings.migrationUser() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Rolls back the {@code steps} changesets applied last, newest first, each with the rollback its
   * changeset declares.
   *
   * @return how many changesets were rolled back (fewer than {@code steps} when fewer are applied)
   * @throws IllegalStateException when the database cannot be reached or a rollback fails
   */
  public int rollback(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1, not " + steps);
    }
    LOG.info(
        "Rolling back up to {} changeset(s) of schema {} as {}",
        steps,
        PostgresSchema.NAME,
        settings.migrationUser());
    try (Connection connection = PostgresConnections.migration(settings, "waggle-migrate")) {
      lock(connection);
      PostgresSchema.prepare(connection, CHANGELOG, false);
      int before = applied(connection);
      if (before == 0) {
        return 0;
      }
      inLiquibase(
          connection,
          database ->
              new CommandScope(RollbackCountCommandStep.COMMAND_NAME)
                  .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                  .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                  .addArgumentValue(RollbackCountCommandStep.COUNT_ARG, steps)
                  .execute());
      int rolledBack = before - applied(connection);
      LOG.info("Rolled back {} changeset(s) of schema {}", rolledBack, PostgresSchema.NAME);
      return rolledBack;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot roll back the database as " + settings.migrationUser() + ": " + e.getMessage(),
          e);
    }
  }

  private static void lock(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
    }
  }

  private static int applied(Connection connection) throws SQLException {
    if (!PostgresSchema.hasHistory(connection)) {
      return 0;
    }
    try (Statement sql = connection.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT count(*) FROM " + PostgresSchema.NAME + ".databasechangelog")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private void update(Connection connection) throws SQLException {
    inLiquibase(
        connection,
        database ->
            new CommandScope(UpdateCommandStep.COMMAND_NAME)
                .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                .addArgumentValue(
                    ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
                .execute());
  }

  private void inLiquibase(Connection connection, LiquibaseCommand command) throws SQLException {
    Map<String, Object> scope = new HashMap<>();
    scope.put(Scope.Attr.resourceAccessor.name(), changelogs);
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
            database.setDefaultSchemaName(PostgresSchema.NAME);
            database.setLiquibaseSchemaName(PostgresSchema.NAME);
            command.run(database);
          });
    } catch (SQLException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new SQLException("Liquibase failed: " + e.getMessage(), e);
    } finally {
      // Liquibase leaves the connection in manual commit; what follows (the grants) must not end
      // in a transaction that closing the connection rolls back.
      if (!connection.isClosed() && !connection.getAutoCommit()) {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    }
  }

  /** One Liquibase command against the prepared database. */
  @FunctionalInterface
  private interface LiquibaseCommand {
    void run(Database database) throws Exception;
  }
}
