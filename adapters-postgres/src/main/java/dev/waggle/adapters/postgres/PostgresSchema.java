package dev.waggle.adapters.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persistence adapter: Waggle's own PostgreSQL schema {@value #NAME}, which holds every table
 * Waggle creates, Liquibase's included. ToolHive keeps tables of the same names ({@code source},
 * {@code registry}…) in {@code public}; a schema of its own lets Waggle share a database with them
 * without ever touching them.
 */
public final class PostgresSchema {
  /** The schema of every Waggle table; both users' connections search it alone. */
  public static final String NAME = "waggle";

  /**
   * Every table the changelog creates, plus Liquibase's two: exactly what an earlier Waggle left in
   * {@code public} and what is moved from there. A test keeps it equal to what a migration creates.
   */
  static final List<String> OWN_TABLES =
      List.of(
          "source",
          "registry",
          "registry_source",
          "server_entry",
          "server_version",
          "sync_state",
          "registry_generation",
          "served_entry",
          "served_name_change",
          "extension_version",
          "databasechangelog",
          "databasechangeloglock");

  /**
   * Tables only ToolHive Registry Server creates; any of them in {@code public} means it is there.
   */
  static final List<String> TOOLHIVE_TABLES =
      List.of("schema_migrations", "mcp_server", "registry_entry", "entry_version");

  private static final String SQLSTATE_INSUFFICIENT_PRIVILEGE = "42501";
  private static final Logger LOG = LoggerFactory.getLogger(PostgresSchema.class);

  private PostgresSchema() {}

  /**
   * Makes sure the schema exists before Liquibase runs: moves an earlier Waggle's tables out of
   * {@code public} (all in one transaction), or creates it empty when {@code create}. Notes
   * ToolHive's tables and leaves them alone.
   */
  static void prepare(Connection migration, String changelogFile, boolean create)
      throws SQLException {
    List<String> toolhive = tablesIn(migration, "public", TOOLHIVE_TABLES);
    if (!toolhive.isEmpty()) {
      LOG.info(
          "Found ToolHive Registry Server's tables in schema public ({}); Waggle keeps its own"
              + " tables in schema {} and leaves those untouched",
          String.join(", ", toolhive),
          NAME);
    }
    boolean migrated = exists(migration, NAME + ".databasechangelog");
    if (isEarlierLayout(migration, changelogFile)) {
      if (migrated) {
        LOG.warn(
            "An earlier Waggle's tables are still in schema public next to schema {}; they are no"
                + " longer used and were left as they are",
            NAME);
      } else {
        relocate(migration, changelogFile);
        return;
      }
    }
    if (create && !schemaExists(migration)) {
      try (Statement sql = migration.createStatement()) {
        sql.execute("CREATE SCHEMA " + NAME);
        LOG.info("Created the schema {} for Waggle's tables", NAME);
      } catch (SQLException e) {
        throw cannotCreate(migration, e);
      }
    }
  }

  /** Whether the schema holds Liquibase's history, i.e. something may be rolled back. */
  static boolean hasHistory(Connection migration) throws SQLException {
    return exists(migration, NAME + ".databasechangelog");
  }

  /** An earlier Waggle ran its changelog in {@code public}; ToolHive has no such table. */
  private static boolean isEarlierLayout(Connection migration, String changelogFile)
      throws SQLException {
    return exists(migration, "public.databasechangelog")
        && count(
                migration,
                "SELECT count(*) FROM public.databasechangelog"
                    + " WHERE filename = ? AND author = 'waggle' AND id = '1-catalog'",
                changelogFile)
            > 0;
  }

  /** Moves exactly Waggle's tables, with their rows, indexes and sequences; all or nothing. */
  private static void relocate(Connection migration, String changelogFile) throws SQLException {
    if (count(
            migration,
            "SELECT count(*) FROM public.databasechangelog WHERE filename <> ?",
            changelogFile)
        > 0) {
      throw new IllegalStateException(
          "an earlier Waggle's tables are in schema public, but public.databasechangelog also"
              + " records another application's changelog, so Waggle will not move it; move"
              + " Waggle's tables ("
              + String.join(", ", OWN_TABLES.subList(0, OWN_TABLES.size() - 2))
              + ") to schema "
              + NAME
              + " with ALTER TABLE ... SET SCHEMA "
              + NAME
              + ", copy Waggle's rows of public.databasechangelog to "
              + NAME
              + ".databasechangelog, and start again; nothing was changed");
    }
    List<String> tables = tablesIn(migration, "public", OWN_TABLES);
    boolean autoCommit = migration.getAutoCommit();
    migration.setAutoCommit(false);
    try (Statement sql = migration.createStatement()) {
      if (!schemaExists(migration)) {
        try {
          sql.execute("CREATE SCHEMA " + NAME);
        } catch (SQLException e) {
          migration.rollback();
          throw cannotCreate(migration, e);
        }
      }
      for (String table : tables) {
        sql.execute("ALTER TABLE public." + table + " SET SCHEMA " + NAME);
      }
      migration.commit();
    } catch (SQLException | RuntimeException e) {
      migration.rollback();
      throw new IllegalStateException(
          "cannot move an earlier Waggle's tables from schema public to schema "
              + NAME
              + ": "
              + e.getMessage()
              + "; nothing was changed",
          e);
    } finally {
      migration.setAutoCommit(autoCommit);
    }
    LOG.info(
        "Moved an earlier Waggle's tables, with their rows, from schema public to schema {}: {}",
        NAME,
        String.join(", ", tables));
  }

  private static IllegalStateException cannotCreate(Connection migration, SQLException e)
      throws SQLException {
    if (!SQLSTATE_INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
      return new IllegalStateException(
          "cannot create the schema " + NAME + ": " + e.getMessage(), e);
    }
    String user;
    try (Statement sql = migration.createStatement();
        ResultSet rows = sql.executeQuery("SELECT current_user")) {
      rows.next();
      user = rows.getString(1);
    }
    return new IllegalStateException(
        "the schema "
            + NAME
            + " does not exist and the migration user "
            + user
            + " may not create it ("
            + e.getMessage()
            + "); as a database administrator run: CREATE SCHEMA "
            + NAME
            + " AUTHORIZATION "
            + PostgresAppRole.quoteIdentifier(user)
            + ";",
        e);
  }

  private static List<String> tablesIn(Connection connection, String schema, List<String> names)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT tablename FROM pg_tables WHERE schemaname = ? AND tablename = ANY (?)")) {
      Array wanted = connection.createArrayOf("text", names.toArray());
      query.setString(1, schema);
      query.setArray(2, wanted);
      List<String> found = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getString(1));
        }
      }
      // In the order of names: tables referenced by others first, for a readable log line.
      found.sort((a, b) -> Integer.compare(names.indexOf(a), names.indexOf(b)));
      return found;
    }
  }

  private static long count(Connection connection, String query, String parameter)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setString(1, parameter);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static boolean schemaExists(Connection connection) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      query.setString(1, NAME);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static boolean exists(Connection connection, String qualifiedTable) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      query.setString(1, qualifiedTable);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getBoolean(1);
      }
    }
  }
}
