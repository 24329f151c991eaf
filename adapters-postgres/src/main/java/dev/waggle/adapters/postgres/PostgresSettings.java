package dev.waggle.adapters.postgres;

import dev.waggle.domain.ValidationException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of the persistence adapter: where PostgreSQL is, the app user (DML only) and the
 * migration user (DDL), and how big the connection pool may grow.
 *
 * <p>Passwords may be null when the driver or the server needs none (trust, pgpass resolved by the
 * caller). A null {@code migrationUser} means the app user also migrates; its password then falls
 * back to the app password.
 */
public record PostgresSettings(
    String jdbcUrl,
    String user,
    String password,
    String migrationUser,
    String migrationPassword,
    int maxPoolSize,
    int minIdle,
    Duration maxLifetime) {
  /** HikariCP ignores shorter lifetimes (other than zero, meaning no limit), so reject them. */
  public static final Duration MIN_LIFETIME = Duration.ofSeconds(30);

  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&]*");

  public PostgresSettings {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new ValidationException(
          "database.jdbcUrl", jdbcUrl, "must be a PostgreSQL JDBC URL (jdbc:postgresql:...)");
    }
    if (user == null || user.isBlank()) {
      throw new ValidationException("database.user", user, "is required");
    }
    if (migrationUser == null || migrationUser.isBlank()) {
      migrationUser = user;
      migrationPassword = migrationPassword == null ? password : migrationPassword;
    } else if (migrationUser.equals(user) && migrationPassword == null) {
      migrationPassword = password;
    }
    if (maxPoolSize < 1) {
      throw new ValidationException("database.maxOpenConns", maxPoolSize, "must be at least 1");
    }
    if (minIdle < 0 || minIdle > maxPoolSize) {
      throw new ValidationException(
          "database.maxIdleConns",
          minIdle,
          "must be between 0 and maxOpenConns (" + maxPoolSize + ")");
    }
    Objects.requireNonNull(maxLifetime, "'maxLifetime' must not be null");
    if (!maxLifetime.isZero() && maxLifetime.compareTo(MIN_LIFETIME) < 0) {
      throw new ValidationException(
          "database.connMaxLifetime",
          maxLifetime,
          "must be 0 (no limit) or at least " + MIN_LIFETIME.toSeconds() + "s");
    }
  }

  /** Settings with the usual pool shape, for tests and the embedded database. */
  public static PostgresSettings of(
      String jdbcUrl,
      String user,
      String password,
      String migrationUser,
      String migrationPassword) {
    return new PostgresSettings(
        jdbcUrl, user, password, migrationUser, migrationPassword, 10, 2, Duration.ofMinutes(30));
  }

  @Override
  public String toString() {
    // Passwords never reach logs; whether one is set is all an operator needs to know.
    return "PostgresSettings[jdbcUrl="
        + URL_PASSWORD.matcher(jdbcUrl).replaceAll("$1***")
        + ", user="
        + user
        + ", hasPassword="
        + (password != null)
        + ", migrationUser="
        + migrationUser
        + ", hasMigrationPassword="
        + (migrationPassword != null)
        + ", maxPoolSize="
        + maxPoolSize
        + ", minIdle="
        + minIdle
        + ", maxLifetime="
        + maxLifetime
        + "]";
  }
}
