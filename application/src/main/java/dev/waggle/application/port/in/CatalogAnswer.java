package dev.waggle.application.port.in;

import java.util.Objects;

/**
 * Result: what a catalog read returned, with the registry generation it was read from — the same
 * request at the same generation gets the same answer, which is what makes it cacheable.
 *
 * @param generation the registry's generation the answer was computed from
 * @param restricted whether the registry or any of its entries carries claims, so that answers may
 *     differ between callers
 */
public record CatalogAnswer<T>(T value, long generation, boolean restricted) {
  public CatalogAnswer {
    Objects.requireNonNull(value, "'value' must not be null");
  }
}
