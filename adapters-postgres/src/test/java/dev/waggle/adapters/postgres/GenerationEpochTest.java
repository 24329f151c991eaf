package dev.waggle.adapters.postgres;

import static dev.waggle.adapters.postgres.TestCatalog.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.adapters.postgres.testing.EmbeddedPostgresFixture;
import dev.waggle.domain.registry.RegistryName;
import org.junit.jupiter.api.Test;

/**
 * Generations end up in ETags: two databases migrated apart, holding the same layout and written
 * the same way, must still never hand out the same generation, on a real PostgreSQL.
 */
class GenerationEpochTest {
  private static final RegistryName MAIN = RegistryName.of("main");

  @Test
  void givenTwoDatabasesWrittenAlike_whenTheirGenerationsAreRead_thenTheyDiffer() {
    try (TestCatalog first = freshlyMigrated();
        TestCatalog second = freshlyMigrated()) {
      for (TestCatalog catalog : new TestCatalog[] {first, second}) {
        catalog.layout("main", "files");
        catalog.replace("files", server("io.x/a", "1.0.0"));
      }

      long one = first.served.generations().get(MAIN);
      long other = second.served.generations().get(MAIN);

      assertThat(one).isNotEqualTo(other);
      // Far apart, not merely different: each database has billions of generations of its own.
      assertThat(Math.abs(one - other)).isGreaterThanOrEqualTo((1L << 32) - 1_000);
    }
  }

  private static TestCatalog freshlyMigrated() {
    PostgresSettings settings = EmbeddedPostgresFixture.freshDatabase();
    new PostgresMigrator(settings).migrate();
    return TestCatalog.fromSettings(settings);
  }
}
