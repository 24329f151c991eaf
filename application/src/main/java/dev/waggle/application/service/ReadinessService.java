package dev.waggle.application.service;

import dev.waggle.application.port.in.CheckReadiness;
import dev.waggle.application.port.out.StorageHealth;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/** Service: ready once the configuration is applied and for as long as storage answers. */
public final class ReadinessService implements CheckReadiness {
  private final StorageHealth storage;
  private final BooleanSupplier configurationApplied;

  public ReadinessService(StorageHealth storage, BooleanSupplier configurationApplied) {
    this.storage = Objects.requireNonNull(storage, "'storage' must not be null");
    this.configurationApplied =
        Objects.requireNonNull(configurationApplied, "'configurationApplied' must not be null");
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
}
