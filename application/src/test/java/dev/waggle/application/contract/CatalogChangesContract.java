package dev.waggle.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.application.port.out.CatalogChanges;
import dev.waggle.application.port.out.CatalogChanges.Subscription;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.registry.RegistryName;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Port contract: what every {@link CatalogChanges} tells about this store's own writes — at once,
 * before the write returns, so that a replica serves what it just wrote.
 */
public abstract class CatalogChangesContract extends StorageContract {
  private final List<Optional<RegistryName>> heard = new CopyOnWriteArrayList<>();

  @Test
  void aWriteTellsSubscribersWhichRegistryMovedBeforeItReturns() {
    layout("main", "files");
    Subscription subscription = storage.changes().subscribe(heard::add);
    try {
      replace("files", server("io.x/a", "1.0.0"));

      assertThat(heard).contains(Optional.of(RegistryName.of("main")));
    } finally {
      subscription.close();
    }
  }

  @Test
  void aLayoutThatDropsARegistryTellsSubscribersItsName() {
    storage
        .registries()
        .applyConfiguration(
            new CatalogLayout(
                List.of(fileSource("files")),
                List.of(
                    registry("main", Claims.NONE, "files"), registry("old", Claims.NONE, "files")),
                null));
    Subscription subscription = storage.changes().subscribe(heard::add);
    try {
      layout("main", "files");

      assertThat(heard).contains(Optional.of(RegistryName.of("old")));
    } finally {
      subscription.close();
    }
  }

  @Test
  void aClosedSubscriptionHearsNothingMore() {
    layout("main", "files");
    Subscription subscription = storage.changes().subscribe(heard::add);
    subscription.close();

    replace("files", server("io.x/a", "1.0.0"));

    assertThat(heard).isEmpty();
  }
}
