package dev.waggle.adapters.postgres;

import static dev.waggle.adapters.postgres.TestCatalog.ids;
import static dev.waggle.adapters.postgres.TestCatalog.server;
import static dev.waggle.domain.catalog.TestManifests.withDocument;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.adapters.postgres.testing.EmbeddedPostgresFixture;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.Version;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sync on a database where a DBA revoked the right to create temporary tables, on a real
 * PostgreSQL: versions then travel as arrays instead of through a COPY into a temporary table, and
 * must be stored and served all the same.
 */
class NoTempPrivilegeTest {
  private static TestCatalog catalog;

  /** Text that COPY's format and arrays both have to escape: tab, newline, backslash. */
  private static final ServerManifest AWKWARD =
      new ServerManifest(
          ServerName.of("io.x/b"),
          Version.of("1.0.0"),
          "B\\slash",
          "a tab\tin a\nline",
          ServerStatus.ACTIVE,
          Set.of(),
          "{\"name\":\"io.x/b\", \"version\":\"1.0.0\",\"x\":\"tab\\there, back\\\\slash,"
              + " new\\nline, \\u00e9\"}",
          Claims.NONE);

  @BeforeAll
  static void database() throws SQLException {
    PostgresSettings settings = EmbeddedPostgresFixture.migratedDatabase();
    String database = settings.jdbcUrl().replaceAll("^.*/([^/?]+)(\\?.*)?$", "$1");
    try (Connection admin = EmbeddedPostgresFixture.superuserConnection();
        Statement sql = admin.createStatement()) {
      // PUBLIC holds TEMP on every database by default; that is the only way the app user has it.
      sql.execute("REVOKE TEMP ON DATABASE " + database + " FROM PUBLIC");
    }
    catalog = TestCatalog.fromSettings(settings);
  }

  @AfterAll
  static void close() {
    catalog.close();
  }

  @Test
  void theAppUserMayNotCreateTemporaryTablesHere() {
    boolean mayCreate =
        catalog
            .storage
            .jdbi()
            .withHandle(
                handle ->
                    handle
                        .createQuery("SELECT has_database_privilege(current_database(), 'TEMP')")
                        .mapTo(Boolean.class)
                        .one());
    assertThat(mayCreate).as("the precondition of every other test here").isFalse();
  }

  @Test
  void givenNoTempPrivilege_whenASourceIsWrittenAndEdited_thenEveryVersionIsServedAsWritten() {
    catalog.freshLayout("main", "files");
    catalog.replace("files", server("io.x/a", "1.0.0"), server("io.x/a", "2.0.0"), AWKWARD);

    catalog.replace("files", server("io.x/a", "2.0.0"), AWKWARD, server("io.x/c", "1.0.0"));

    assertThat(ids(catalog.withDeleted("main")))
        .containsExactly("io.x/a@1.0.0", "io.x/a@2.0.0", "io.x/b@1.0.0", "io.x/c@1.0.0");
    assertThat(catalog.item("main", "io.x/a@1.0.0").meta().status())
        .isEqualTo(ServerStatus.DELETED);
    assertThat(catalog.item("main", "io.x/a@2.0.0").meta().latest()).isTrue();
    assertThat(catalog.item("main", "io.x/b@1.0.0").document()).isEqualTo(AWKWARD.document());
    assertThat(
            catalog.all(
                TestCatalog.query(
                    "main",
                    Optional.of("tab\tin"),
                    Optional.empty(),
                    Optional.empty(),
                    false,
                    Caller.anonymous())))
        .extracting(l -> l.name().value())
        .as("the description with its tab, searched")
        .containsExactly("io.x/b");
  }

  @Test
  void
      givenNoTempPrivilege_whenDocumentsAreWrittenAnew_thenOnlyAChangedContentMovesItsUpdateTime() {
    catalog.freshLayout("main", "files");
    catalog.replace(
        "files",
        withDocument("io.x/same", "{\"name\":\"io.x/same\",\"version\":\"1.0.0\",\"n\":1}"),
        withDocument("io.x/edited", "{\"name\":\"io.x/edited\",\"version\":\"1.0.0\",\"n\":1}"));
    Instant sameBefore = catalog.item("main", "io.x/same@1.0.0").meta().updatedAt();
    Instant editedBefore = catalog.item("main", "io.x/edited@1.0.0").meta().updatedAt();
    String reformatted = "{\"n\": 1.0, \"version\": \"1.0.0\", \"name\": \"io.x/same\"}";

    catalog.replace(
        "files",
        withDocument("io.x/same", reformatted),
        withDocument("io.x/edited", "{\"name\":\"io.x/edited\",\"version\":\"1.0.0\",\"n\":2}"));

    assertThat(catalog.item("main", "io.x/same@1.0.0").document()).isEqualTo(reformatted);
    assertThat(catalog.item("main", "io.x/same@1.0.0").meta().updatedAt()).isEqualTo(sameBefore);
    assertThat(catalog.item("main", "io.x/edited@1.0.0").meta().updatedAt()).isAfter(editedBefore);
  }

  @Test
  void givenNoTempPrivilege_whenAnUpstreamDecidesTheLatest_thenItsWordAndPublishTimeAreStored() {
    catalog.freshLayout("main", "files");
    catalog.replace(
        "files",
        LatestVersionTest.fromUpstream("1.0.0", "2025-03-01T10:00:00Z", true),
        LatestVersionTest.fromUpstream("2.0.0", "2025-04-01T10:00:00Z", false));

    assertThat(catalog.item("main", "io.x/federated@1.0.0").meta().latest()).isTrue();
    assertThat(catalog.item("main", "io.x/federated@2.0.0").meta().latest()).isFalse();
    assertThat(catalog.item("main", "io.x/federated@2.0.0").meta().publishedAt())
        .isEqualTo(Instant.parse("2025-04-01T10:00:00Z"));
  }
}
