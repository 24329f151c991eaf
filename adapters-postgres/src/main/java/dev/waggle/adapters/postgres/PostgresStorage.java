package dev.waggle.adapters.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

/**
 * Persistence adapter: the one connection pool (as the app user) every store shares; closing it
 * ends the adapter.
 */
public final class PostgresStorage implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;

  public PostgresStorage(PostgresSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("waggle-postgres");
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    if (settings.password() != null) {
      config.setPassword(settings.password());
    }
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setMinimumIdle(settings.minIdle());
    config.setMaxLifetime(settings.maxLifetime().toMillis());
    // A request should fail fast rather than hang when the database is gone.
    config.setConnectionTimeout(10_000);
    // Connect on first use, not now: the app user may only be created once the schema is
    // migrated (embedded mode), and an outage at start then shows in StorageHealth, not a crash.
    config.setInitializationFailTimeout(-1);
    config.addDataSourceProperty("ApplicationName", "waggle");
    this.dataSource = new HikariDataSource(config);
    this.jdbi = configure(Jdbi.create(dataSource));
  }

  static Jdbi configure(Jdbi jdbi) {
    jdbi.registerArrayType(String.class, "text");
    jdbi.registerArrayType(Boolean.class, "boolean");
    jdbi.registerArrayType(Long.class, "bigint");
    jdbi.registerArrayType(Integer.class, "integer");
    jdbi.registerArgument(new InstantArgumentFactory());
    jdbi.registerColumnMapper(
        Instant.class,
        (rs, column, ctx) -> {
          OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
          return value == null ? null : value.toInstant();
        });
    return jdbi;
  }

  /** PostgreSQL keeps microseconds; truncating here keeps what we write equal to what we read. */
  static Instant micros(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  Jdbi jdbi() {
    return jdbi;
  }

  DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    dataSource.close();
  }

  /** Binds instants as timestamptz, independent of the JVM's time zone. */
  private static final class InstantArgumentFactory extends AbstractArgumentFactory<Instant> {
    InstantArgumentFactory() {
      super(Types.TIMESTAMP_WITH_TIMEZONE);
    }

    @Override
    protected Argument build(Instant value, ConfigRegistry config) {
      OffsetDateTime utc = micros(value).atOffset(ZoneOffset.UTC);
      return (position, statement, ctx) -> statement.setObject(position, utc);
    }
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
