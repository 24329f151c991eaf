package dev.waggle.adapters.postgres;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Test base: a freshly migrated database per test class, and before each test an empty registry
 * {@code main} over one source {@code files}.
 */
abstract class OneSourceRegistryTest {
  static TestCatalog catalog;

  @BeforeAll
  static void database() {
    catalog = TestCatalog.migrated();
  }

  @AfterAll
  static void close() {
    catalog.close();
  }

  @BeforeEach
  void emptyCatalog() {
    catalog.freshLayout("main", "files");
  }
}
