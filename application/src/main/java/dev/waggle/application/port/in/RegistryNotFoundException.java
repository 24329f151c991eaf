package dev.waggle.application.port.in;

import dev.waggle.domain.registry.RegistryName;

/** Thrown when a caller names a registry that does not exist. */
public class RegistryNotFoundException extends RuntimeException {
  public RegistryNotFoundException(RegistryName name) {
    super("registry not found: " + name.value());
  }
}
