package dev.waggle.adapters.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persistence adapter: ToolHive's role contract. The NOLOGIN role {@value #NAME} holds DML on
 * Waggle's tables; the app user only has to be a member of it. Every statement here runs as the
 * migration user and is safe to repeat.
 */
public final class PostgresAppRole {
  /** The role ToolHive's docs and init script prepare; Waggle uses the same one. */
  public static final String NAME = "toolhive_registry_server";

  /** What {@code --dry-run} and error messages show instead of a password. */
  public static final String MASKED_PASSWORD = "********";

  private static final String SQLSTATE_INSUFFICIENT_PRIVILEGE = "42501";
  private static final String SQLSTATE_DUPLICATE_OBJECT = "42710";
  private static final Logger LOG = LoggerFactory.getLogger(PostgresAppRole.class);

  private PostgresAppRole() {}

  /**
   * Uses the role when it exists, creates it when the migration user may create roles.
   *
   * @return whether the role exists now; false only when the app user is the migration user, who
   *     owns the tables and needs no role
   * @throws IllegalStateException naming the SQL a DBA must run when it is missing and cannot be
   *     created
   */
  static boolean ensureExists(Connection migration, String appUser) throws SQLException {
    if (exists(migration, NAME)) {
      return true;
    }
    String migrationUser = currentUser(migration);
    if (!mayCreateRoles(migration)) {
      if (appUser.equals(migrationUser)) {
        LOG.info(
            "The role {} does not exist and {} may not create it; not needed, as {} serves and"
                + " migrates and owns the tables",
            NAME,
            migrationUser,
            migrationUser);
        return false;
      }
      throw new IllegalStateException(
          "the role "
              + NAME
              + " does not exist and the migration user "
              + migrationUser
              + " may not create roles (it is neither superuser nor CREATEROLE); as a database"
              + " administrator run: "
              + createRoleSql()
              + " "
              + grantSql(appUser));
    }
    try (Statement sql = migration.createStatement()) {
      sql.execute("CREATE ROLE " + NAME + " NOLOGIN");
      LOG.info("Created the role {} (NOLOGIN) for the app user's table privileges", NAME);
    } catch (SQLException e) {
      // Another replica, or a migration of another database of the cluster, won the race.
      if (!SQLSTATE_DUPLICATE_OBJECT.equals(e.getSQLState())) {
        throw e;
      }
    }
    return true;
  }

  /**
   * Makes {@code appUser} a member of the role, unless it is one already (ToolHive's init script
   * does it) or it is the migration user, who owns the tables anyway.
   *
   * @throws IllegalStateException naming the GRANT a DBA must run when the migration user may not
   */
  static void grantMembership(Connection migration, String appUser) throws SQLException {
    if (appUser.equals(currentUser(migration)) || isMember(migration, appUser)) {
      return;
    }
    try (Statement sql = migration.createStatement()) {
      sql.execute(grantSql(appUser));
      LOG.info("Granted the role {} to the app user {}", NAME, appUser);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the app user "
              + appUser
              + " is not a member of the role "
              + NAME
              + " and the migration user cannot make it one ("
              + e.getMessage()
              + "); as a database administrator run: "
              + grantSql(appUser),
          e);
    }
  }

  /**
   * Grants the role USAGE on {@code schema}, DML on its tables (not Liquibase's own) and use of its
   * sequences, now and for tables the migration user creates there later.
   */
  static void grantPrivileges(Connection migration, String schema) throws SQLException {
    String quotedSchema = quoteIdentifier(schema);
    try (Statement sql = migration.createStatement()) {
      sql.execute("GRANT USAGE ON SCHEMA " + quotedSchema + " TO " + NAME);
      List<String> tables = ownTables(migration, schema);
      if (!tables.isEmpty()) {
        sql.execute(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "
                + String.join(", ", tables)
                + " TO "
                + NAME);
      }
      sql.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + quotedSchema + " TO " + NAME);
      sql.execute(
          "ALTER DEFAULT PRIVILEGES IN SCHEMA "
              + quotedSchema
              + " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "
              + NAME);
      sql.execute(
          "ALTER DEFAULT PRIVILEGES IN SCHEMA "
              + quotedSchema
              + " GRANT USAGE, SELECT ON SEQUENCES TO "
              + NAME);
    }
  }

  /**
   * The statements {@code prime-db} runs for {@code username}, the password masked: what {@code
   * --dry-run} prints and what a DBA runs by hand when the migration user may not.
   */
  public static List<String> primeStatements(String username) {
    return List.of(
        createRoleSql() + " -- skipped when the role exists",
        "CREATE ROLE " + quoteIdentifier(username) + " LOGIN;",
        "ALTER ROLE "
            + quoteIdentifier(username)
            + " PASSWORD '"
            + MASKED_PASSWORD
            + "'; -- Waggle sends a SCRAM-SHA-256 verifier, never the password",
        grantSql(username));
  }

  /**
   * Creates the role if needed, the LOGIN user {@code username} with {@code password}, and makes it
   * a member of the role: one serializable transaction as the migration user, so either all of it
   * happens or nothing does.
   *
   * @throws IllegalStateException when the user exists already or the migration user may not create
   *     it; the message names the SQL a DBA can run instead, without the password
   */
  public static void prime(PostgresSettings settings, String username, char[] password) {
    if (username == null || username.isBlank()) {
      throw new IllegalArgumentException("the user name must not be empty");
    }
    if (password == null || password.length == 0) {
      throw new IllegalArgumentException("the password of " + username + " must not be empty");
    }
    try (Connection connection = PostgresConnections.migration(settings, "waggle-prime-db")) {
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
      try {
        if (exists(connection, username)) {
          throw new IllegalStateException(
              "the user " + username + " exists already; nothing was changed");
        }
        try (Statement sql = connection.createStatement()) {
          if (!exists(connection, NAME)) {
            sql.execute("CREATE ROLE " + NAME + " NOLOGIN");
          }
          sql.execute("CREATE ROLE " + quoteIdentifier(username) + " LOGIN");
          setPassword(connection, username, password);
          sql.execute(grantSql(username));
        }
        connection.commit();
        LOG.info("Created the user {} as a member of the role {}", username, NAME);
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      String hint =
          SQLSTATE_INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())
              ? " (creating a user needs CREATEROLE, granting the role needs its ADMIN OPTION);"
                  + " as a database administrator run, with the real password:\n  "
                  + String.join("\n  ", primeStatements(username))
              : "";
      throw new IllegalStateException(
          "the migration user "
              + settings.migrationUser()
              + " cannot create the user "
              + username
              + ": "
              + e.getMessage()
              + "; nothing was changed"
              + hint,
          e);
    }
  }

  /**
   * Makes {@code user} a LOGIN role with no power beyond logging in, whose password is {@code
   * password}: the user a server Waggle runs itself serves as, while its superuser migrates. Also
   * strips the powers of a role an older Waggle created.
   */
  public static void ensurePowerlessLogin(Connection admin, String user, char[] password)
      throws SQLException {
    try (Statement sql = admin.createStatement()) {
      if (!exists(admin, user)) {
        sql.execute("CREATE ROLE " + quoteIdentifier(user) + " LOGIN");
      }
      // It serves requests, so it must stay powerless whoever created it.
      sql.execute(
          "ALTER ROLE "
              + quoteIdentifier(user)
              + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION");
    }
    setPassword(admin, user, password);
  }

  /**
   * Sets a role's password. pgjdbc hashes it here and sends only the SCRAM-SHA-256 verifier, so the
   * clear text never reaches the server or its logs.
   */
  public static void setPassword(Connection admin, String user, char[] password)
      throws SQLException {
    admin.unwrap(PGConnection.class).alterUserPassword(user, password, "scram-sha-256");
  }

  static String createRoleSql() {
    return "CREATE ROLE " + NAME + " NOLOGIN;";
  }

  static String grantSql(String appUser) {
    return "GRANT " + NAME + " TO " + quoteIdentifier(appUser) + ";";
  }

  /** Quotes a PostgreSQL identifier so that any user name is taken literally. */
  static String quoteIdentifier(String identifier) {
    if (identifier == null || identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a valid PostgreSQL identifier: " + identifier);
    }
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static List<String> ownTables(Connection migration, String schema) throws SQLException {
    try (PreparedStatement query =
        migration.prepareStatement(
            "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables"
                + " WHERE schemaname = ? AND tablename NOT IN ('databasechangelog',"
                + " 'databasechangeloglock') ORDER BY tablename")) {
      query.setString(1, schema);
      try (ResultSet rows = query.executeQuery()) {
        List<String> tables = new ArrayList<>();
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
        return tables;
      }
    }
  }

  private static boolean exists(Connection connection, String role) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      query.setString(1, role);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static boolean mayCreateRoles(Connection connection) throws SQLException {
    try (Statement sql = connection.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")) {
      return rows.next() && rows.getBoolean(1);
    }
  }

  private static boolean isMember(Connection connection, String user) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT pg_has_role(rolname, ?, 'MEMBER') FROM pg_roles WHERE rolname = ?")) {
      query.setString(1, NAME);
      query.setString(2, user);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() && rows.getBoolean(1);
      }
    }
  }

  private static String currentUser(Connection connection) throws SQLException {
    try (Statement sql = connection.createStatement();
        ResultSet rows = sql.executeQuery("SELECT current_user")) {
      rows.next();
      return rows.getString(1);
    }
  }
}
