package dev.waggle.application.port.in;

import dev.waggle.domain.registry.RegistryName;

/** Thrown when a caller's claims do not cover the claims of the registry it asks for. */
public class RegistryAccessDeniedException extends RuntimeException {
  public RegistryAccessDeniedException(RegistryName name) {
    super("forbidden: insufficient claims for registry " + name.value());
  }
}
