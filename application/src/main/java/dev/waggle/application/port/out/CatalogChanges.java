package dev.waggle.application.port.out;

import dev.waggle.domain.registry.RegistryName;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Outgoing port: news that a registry's served catalog may have moved — from this replica's own
 * writes at once, and from other replicas' writes as soon as storage tells.
 */
public interface CatalogChanges {

  /**
   * Calls {@code listener} with the registry whose catalog moved, or with empty when any may have
   * (the feed was interrupted and news may be lost). Calls may come from any thread.
   */
  Subscription subscribe(Consumer<Optional<RegistryName>> listener);

  /** Stops the calls of one {@link #subscribe}. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
