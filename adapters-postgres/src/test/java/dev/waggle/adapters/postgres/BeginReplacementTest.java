package dev.waggle.adapters.postgres;

import static dev.waggle.adapters.postgres.TestCatalog.fileSource;
import static dev.waggle.adapters.postgres.TestCatalog.ids;
import static dev.waggle.adapters.postgres.TestCatalog.manifest;
import static dev.waggle.adapters.postgres.TestCatalog.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.waggle.application.port.out.EntryStore;
import dev.waggle.application.port.out.EntryStore.Replacement;
import dev.waggle.application.port.out.StorageUnavailableException;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/**
 * A replacement begun before its contents are known, on a real PostgreSQL: it holds the source's
 * lock and a pooled connection until completed or closed, writes only when completed, and lets go
 * of both either way.
 */
class BeginReplacementTest extends OneSourceRegistryTest {
  private static final SourceName FILES = SourceName.of("files");

  /** Long enough for any read on a busy machine; only a broken replacement comes near it. */
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @Test
  void aReplacementClosedWithoutCompletingWritesNothingAndFreesTheSourceForTheNextOne()
      throws Exception {
    catalog.replace("files", server("io.x/a", "1.0.0"));

    Replacement abandoned = catalog.entries.beginReplacement(FILES);
    awaitSourceLocked(true);
    abandoned.close();

    assertThat(sourceLocked()).isFalse();
    assertThat(ids(catalog.withDeleted("main"))).containsExactly("io.x/a@1.0.0");
    try (Replacement next = catalog.entries.beginReplacement(FILES)) {
      next.complete(List.of(server("io.x/b", "1.0.0")), List.of());
    }
    assertThat(ids(catalog.all("main"))).containsExactly("io.x/b@1.0.0");
    awaitNoConnectionInUse();
  }

  @Test
  void beginningAndClosingMoreReplacementsThanThePoolHoldsLeavesNoConnectionOrTransactionOpen()
      throws Exception {
    catalog.replace("files", server("io.x/a", "1.0.0"));
    int pool = catalog.settings.maxPoolSize();

    for (int i = 0; i < 3 * pool; i++) {
      Replacement abandoned = catalog.entries.beginReplacement(FILES);
      if (i % 2 == 0) {
        // Half of them after their read is in, half while it may not even have started.
        awaitSourceLocked(true);
      }
      abandoned.close();
    }

    awaitNoConnectionInUse();
    assertThat(openTransactionsOfTheAppUser()).isZero();
    catalog.replace("files", server("io.x/b", "1.0.0"));
    assertThat(ids(catalog.all("main"))).containsExactly("io.x/b@1.0.0");
  }

  @Test
  void aCompletedReplacementStoresAndServesWhatAPlainReplaceDoes() throws Exception {
    catalog.registries.applyConfiguration(
        new CatalogLayout(
            List.of(fileSource("files"), fileSource("plain")),
            List.of(
                new RegistryDefinition(RegistryName.of("main"), List.of(FILES), null),
                new RegistryDefinition(
                    RegistryName.of("other"), List.of(SourceName.of("plain")), null)),
            null));
    List<List<ServerManifest>> syncs =
        List.of(
            List.of(
                server("io.x/a", "1.0.0"),
                server("io.x/a", "2.0.0"),
                server("io.x/gone", "1.0.0"),
                server("io.x/old", "1.0.0", ServerStatus.DEPRECATED)),
            List.of(
                server("io.x/a", "1.0.0"),
                manifest("io.x/a", "2.0.0", "A", "Edited", ServerStatus.ACTIVE, Claims.NONE, ""),
                server("io.x/old", "1.0.0", ServerStatus.ACTIVE),
                server("io.x/new", "0.1.0")));

    for (List<ServerManifest> servers : syncs) {
      try (Replacement replacement = catalog.entries.beginReplacement(FILES)) {
        replacement.complete(servers, List.of());
      }
      catalog.entries.replaceSourceContents(SourceName.of("plain"), servers);
    }

    assertThat(served(catalog.withDeleted("main")))
        .isEqualTo(served(catalog.withDeleted("other")))
        .contains(
            "io.x/a@2.0.0 active latest "
                + manifest("io.x/a", "2.0.0", "A", "Edited", ServerStatus.ACTIVE, Claims.NONE, "")
                    .document(),
            "io.x/gone@1.0.0 deleted latest " + server("io.x/gone", "1.0.0").document());
    awaitNoConnectionInUse();
  }

  @Test
  void aFailedReadOfTheStoredVersionsFailsTheCompleteAndWritesNothing() throws Exception {
    catalog.replace("files", server("io.x/a", "1.0.0"));
    revokeReadingVersions(true);
    try {
      Replacement replacement = catalog.entries.beginReplacement(FILES);

      assertThatThrownBy(() -> replacement.complete(List.of(server("io.x/b", "1.0.0")), List.of()))
          .hasMessageContaining("permission denied for table server_version");
      replacement.close();
      // The same failure, word for word, as a replace that reads on the caller's thread.
      assertThatThrownBy(() -> catalog.replace("files", server("io.x/b", "1.0.0")))
          .hasMessageContaining("permission denied for table server_version");
    } finally {
      revokeReadingVersions(false);
    }

    assertThat(ids(catalog.withDeleted("main"))).containsExactly("io.x/a@1.0.0");
    assertThat(sourceLocked()).isFalse();
    awaitNoConnectionInUse();
  }

  @Test
  void givenNoFreeConnection_whenAGuardedReplacementCompletes_thenStorageIsUnavailable() {
    catalog.replace("files", server("io.x/a", "1.0.0"));
    EntryStore guarded = catalog.storage.guard(EntryStore.class, catalog.entries);
    List<Handle> taken = new ArrayList<>();
    try {
      for (int i = 0; i < catalog.settings.maxPoolSize(); i++) {
        taken.add(catalog.storage.jdbi().open());
      }
      try (Replacement replacement = guarded.beginReplacement(FILES)) {
        assertThatThrownBy(
                () -> replacement.complete(List.of(server("io.x/b", "1.0.0")), List.of()))
            .isInstanceOf(StorageUnavailableException.class)
            .hasMessageStartingWith("PostgreSQL is unavailable: ");
      }
    } finally {
      taken.forEach(Handle::close);
    }

    assertThat(ids(catalog.all("main"))).containsExactly("io.x/a@1.0.0");
  }

  @Test
  void givenTheCallerInterruptedWhileTheReadWaits_whenCompleting_thenItFailsAndCloseStillLetsGo()
      throws Exception {
    catalog.replace("files", server("io.x/a", "1.0.0"));
    Replacement replacement;
    try (Connection other = appConnection()) {
      other.setAutoCommit(false);
      try (Statement sql = other.createStatement()) {
        // Another writer holds the source: the replacement's read waits for it.
        sql.execute("SELECT 1 FROM waggle.source WHERE name = 'files' FOR UPDATE");
      }
      replacement = catalog.entries.beginReplacement(FILES);
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(
                () -> replacement.complete(List.of(server("io.x/b", "1.0.0")), List.of()))
            .hasMessageContaining("interrupted");
      } finally {
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
      }
      other.rollback();
    }
    replacement.close();

    assertThat(ids(catalog.withDeleted("main"))).containsExactly("io.x/a@1.0.0");
    assertThat(sourceLocked()).isFalse();
    awaitNoConnectionInUse();
    assertThat(openTransactionsOfTheAppUser()).isZero();
  }

  /** "name@version status latest? document" of each listing: what a client is served. */
  private static List<String> served(List<ServerListing> listings) {
    return listings.stream()
        .map(
            l ->
                l.name().value()
                    + "@"
                    + l.version().value()
                    + " "
                    + l.meta().status().wireName()
                    + (l.meta().latest() ? " latest " : " ")
                    + l.document())
        .toList();
  }

  /**
   * Waits until the pool lends no connection: a leaked one never comes back, while this replica's
   * snapshot, told of a commit by NOTIFY, may still be borrowing one for a moment.
   */
  private static void awaitNoConnectionInUse() throws InterruptedException {
    HikariDataSource pool = (HikariDataSource) catalog.storage.dataSource();
    Instant deadline = Instant.now().plus(PATIENCE);
    while (pool.getHikariPoolMXBean().getActiveConnections() > 0) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            pool.getHikariPoolMXBean().getActiveConnections() + " connections still in use");
      }
      Thread.sleep(10);
    }
  }

  private static Connection appConnection() throws SQLException {
    return DriverManager.getConnection(
        catalog.settings.jdbcUrl(), catalog.settings.user(), catalog.settings.password());
  }

  /** Whether a transaction holds the row of source {@code files}, asked without waiting. */
  private static boolean sourceLocked() throws SQLException {
    try (Connection probe = appConnection()) {
      probe.setAutoCommit(false);
      try (Statement sql = probe.createStatement()) {
        sql.execute("SELECT 1 FROM waggle.source WHERE name = 'files' FOR UPDATE NOWAIT");
        return false;
      } catch (SQLException e) {
        if ("55P03".equals(e.getSQLState())) {
          return true;
        }
        throw e;
      } finally {
        probe.rollback();
      }
    }
  }

  private static void awaitSourceLocked(boolean locked) throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (sourceLocked() != locked) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("source files still " + (locked ? "free" : "locked"));
      }
      Thread.sleep(10);
    }
  }

  /** Sessions of the app user inside a transaction that is not running a statement. */
  private static int openTransactionsOfTheAppUser() throws SQLException {
    try (Connection probe = appConnection();
        Statement sql = probe.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT count(*) FROM pg_stat_activity"
                    + " WHERE usename = current_user AND pid <> pg_backend_pid()"
                    + " AND state LIKE 'idle in transaction%'")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  /** Takes (or gives back) the app role's right to read the version rows, as their owner. */
  private static void revokeReadingVersions(boolean revoke) throws SQLException {
    try (Connection owner =
            DriverManager.getConnection(
                catalog.settings.jdbcUrl(),
                catalog.settings.migrationUser(),
                catalog.settings.migrationPassword());
        Statement sql = owner.createStatement()) {
      sql.execute(
          (revoke ? "REVOKE" : "GRANT")
              + " SELECT ON waggle.server_version "
              + (revoke ? "FROM " : "TO ")
              + PostgresAppRole.NAME);
    }
  }
}
