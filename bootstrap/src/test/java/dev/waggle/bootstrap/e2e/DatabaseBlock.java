package dev.waggle.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.adapters.postgres.PostgresSettings;
import dev.waggle.adapters.postgres.testing.EmbeddedPostgresFixture;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test fixture: a fresh database on the shared embedded cluster, as a ToolHive {@code database}
 * block plus the environment that carries its passwords — the way a Kubernetes secret would.
 */
record DatabaseBlock(String yaml, Map<String, String> env) {
  private static final Pattern JDBC_URL =
      Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+).*");

  static DatabaseBlock fresh() {
    PostgresSettings database = EmbeddedPostgresFixture.freshDatabase();
    Matcher url = JDBC_URL.matcher(database.jdbcUrl());
    assertThat(url.matches()).as("JDBC URL %s", database.jdbcUrl()).isTrue();
    String yaml =
        """
        database:
          host: %s
          port: %s
          database: %s
          user: %s
          migrationUser: %s
          sslMode: disable
          maxOpenConns: 4
        """
            .formatted(
                url.group(1),
                url.group(2),
                url.group(3),
                database.user(),
                database.migrationUser());
    return new DatabaseBlock(
        yaml,
        Map.of(
            "THV_REGISTRY_DATABASE_PASSWORD", database.password(),
            "THV_REGISTRY_DATABASE_MIGRATIONPASSWORD", database.migrationPassword()));
  }
}
