package dev.waggle.application.service;

import dev.waggle.application.port.in.ApplyConfiguration;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.application.port.out.SyncState;
import dev.waggle.application.port.out.SyncStateStore;
import dev.waggle.domain.registry.CatalogLayout;
import dev.waggle.domain.source.SourceDefinition;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Service: writes the configured sources and registries to storage, makes every source whose stored
 * data was shaped by another definition due at once, and remembers it did.
 */
public final class ApplyConfigurationService implements ApplyConfiguration {
  private static final System.Logger LOG =
      System.getLogger(ApplyConfigurationService.class.getName());

  private final RegistryStore registries;
  private final SyncStateStore states;
  private final Clock clock;
  private volatile boolean applied;

  public ApplyConfigurationService(RegistryStore registries, SyncStateStore states, Clock clock) {
    this.registries = Objects.requireNonNull(registries, "'registries' must not be null");
    this.states = Objects.requireNonNull(states, "'states' must not be null");
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
  }

  @Override
  public void apply(CatalogLayout layout) {
    Objects.requireNonNull(layout, "'layout' must not be null");
    registries.applyConfiguration(layout);
    Instant now = clock.instant();
    for (SourceDefinition source : layout.sources()) {
      if (!source.kind().synced()) {
        continue;
      }
      Optional<SyncState> state = states.find(source.name());
      // The served data came from another path, URL, filter or claims (or from nothing yet):
      // waiting for the interval would serve it for up to that long after a restart.
      if (state.isPresent()
          && state.get().nextAttempt().isAfter(now)
          && !state.get().definitionFingerprint().equals(Optional.of(source.syncFingerprint()))) {
        states.makeDue(source.name(), now);
        LOG.log(
            Level.INFO,
            "source "
                + source.name()
                + ": its data was not read with the current definition; syncing now");
      }
    }
    applied = true;
  }

  /** Whether the configuration has been written; readiness waits for it. */
  public boolean applied() {
    return applied;
  }
}
