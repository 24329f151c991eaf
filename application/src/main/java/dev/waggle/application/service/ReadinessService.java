package dev.waggle.application.service;

import dev.waggle.application.port.in.CheckReadiness;
import dev.waggle.application.port.out.SelfRecovery;
import dev.waggle.application.port.out.StorageHealth;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Service: ready once the configuration is applied and for as long as storage answers; alive for as
 * long as a storage outage is something this instance can still recover from by itself.
 */
public final class ReadinessService implements CheckReadiness {
  private final StorageHealth storage;
  private final BooleanSupplier configurationApplied;
  private final SelfRecovery selfRecovery;

  public ReadinessService(StorageHealth storage, BooleanSupplier configurationApplied) {
    this(storage, configurationApplied, SelfRecovery.ALWAYS);
  }

  public ReadinessService(
      StorageHealth storage, BooleanSupplier configurationApplied, SelfRecovery selfRecovery) {
    this.storage = Objects.requireNonNull(storage, "'storage' must not be null");
    this.configurationApplied =
        Objects.requireNonNull(configurationApplied, "'configurationApplied' must not be null");
    this.selfRecovery = Objects.requireNonNull(selfRecovery, "'selfRecovery' must not be null");
  }

  @Override
  public Readiness check() {
    if (!configurationApplied.getAsBoolean()) {
      return new Readiness(false, "configuration not applied yet");
    }
    if (!storage.isReachable()) {
      return new Readiness(false, "database unreachable");
    }
    return new Readiness(true, null);
  }

  @Override
  public Liveness liveness() {
    // An unreachable database alone is no reason to restart: it is a readiness matter, and this
    // instance reconnects once the database is back.
    Optional<String> fault = selfRecovery.unrecoverableFault();
    return fault.map(reason -> new Liveness(false, reason)).orElse(new Liveness(true, null));
  }
}
