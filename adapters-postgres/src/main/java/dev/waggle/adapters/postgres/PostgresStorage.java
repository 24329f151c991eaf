package dev.waggle.adapters.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
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
  /**
   * How long a request waits for a pooled connection before it fails as "storage unavailable" (a
   * 503): long enough to ride out a busy moment, short enough that a database outage is reported
   * within about a second instead of tying up a request thread.
   */
  public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final PostgresLivenessLock liveness;
  private final StorageOutages outages = new StorageOutages();

  public PostgresStorage(PostgresSettings settings) {
    this(settings, Optional.empty());
  }

  /**
   * @param meters where the pool's connections in use, idle and awaited are counted, as Hikari
   *     names them ({@code hikaricp_connections_active} and its siblings)
   */
  public PostgresStorage(PostgresSettings settings, Optional<MeterRegistry> meters) {
    HikariConfig config = new HikariConfig();
    meters.ifPresent(m -> config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(m)));
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
    config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    config.setValidationTimeout(CONNECTION_TIMEOUT.toMillis() / 2);
    // Connect on first use, not now: the app user may only be created once the schema is
    // migrated (embedded mode), and an outage at start then shows in StorageHealth, not a crash.
    config.setInitializationFailTimeout(-1);
    config.addDataSourceProperty("ApplicationName", "waggle");
    // Opening a connection to an unreachable host would otherwise take the driver's 10 s.
    config.addDataSourceProperty("connectTimeout", "2");
    config.addDataSourceProperty("loginTimeout", PostgresConnections.LOGIN_TIMEOUT_SECONDS);
    // Waggle's tables live in their own schema, and only there: a table of the same name in
    // public (ToolHive's) must never be read or written by mistake.
    config.addDataSourceProperty("currentSchema", PostgresSchema.NAME);
    this.dataSource = new HikariDataSource(config);
    this.jdbi = configure(Jdbi.create(dataSource));
    this.liveness = new PostgresLivenessLock(settings);
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

  PostgresLivenessLock liveness() {
    return liveness;
  }

  /** {@code store} as the port {@code port}, reporting unreachable storage as the port says. */
  <T> T guard(Class<T> port, T store) {
    return outages.guard(port, store);
  }

  @Override
  public void close() {
    try {
      liveness.close();
    } finally {
      dataSource.close();
    }
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
