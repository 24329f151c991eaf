package dev.waggle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.waggle.adapters.postgres.testing.EmbeddedPostgresFixture;
import dev.waggle.application.port.out.EntryStore;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.application.port.out.ServedCatalogStore;
import dev.waggle.application.port.out.StorageHealth;
import dev.waggle.application.port.out.SyncStateStore;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresStorageModuleTest {

  @Test
  void theModuleMigratesServesEveryStoragePortFromOnePoolAndReportsHealth() {
    Injector injector =
        Guice.createInjector(
            Stage.PRODUCTION, new PostgresStorageModule(EmbeddedPostgresFixture.freshDatabase()));
    PostgresStorage storage = injector.getInstance(PostgresStorage.class);
    try {
      injector.getInstance(PostgresMigrator.class).migrate();
      RegistryStore registries = injector.getInstance(RegistryStore.class);
      List<String> served = new ArrayList<>();
      registries.applyConfiguration(
          new CatalogLayout(
              List.of(TestCatalog.fileSource("files")),
              List.of(
                  new RegistryDefinition(
                      RegistryName.of("main"), List.of(SourceName.of("files")), Claims.NONE)),
              null));
      injector
          .getInstance(EntryStore.class)
          .replaceSourceContents(
              SourceName.of("files"), List.of(TestCatalog.server("io.x/a", "1.0.0")));

      assertThat(injector.getInstance(EntryStore.class))
          .isSameAs(injector.getInstance(EntryStore.class));
      assertThat(
              injector
                  .getInstance(ServedCatalogStore.class)
                  .load(RegistryName.of("main"), row -> served.add(row.listing().name().value())))
          .isPresent();
      assertThat(served).containsExactly("io.x/a");
      assertThat(injector.getInstance(SyncStateStore.class).find(SourceName.of("files")))
          .isPresent();
      assertThat(injector.getInstance(StorageHealth.class).isReachable()).isTrue();
    } finally {
      storage.close();
    }

    long start = System.nanoTime();
    assertThat(injector.getInstance(StorageHealth.class).isReachable()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }
}
