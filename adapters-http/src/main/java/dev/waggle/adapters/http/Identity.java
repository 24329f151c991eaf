package dev.waggle.adapters.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * HTTP adapter value: who made a request, as a provider vouched for it — the token's subject, a
 * name to show, the provider, and every claim the token carried.
 */
record Identity(
    Optional<String> subject, Optional<String> name, String provider, Map<String, Object> claims) {
  Identity {
    Objects.requireNonNull(subject, "'subject' must not be null");
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(provider, "'provider' must not be null");
    claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
  }

  /** A caller from a token's claims: {@code sub}, and the first of the usual display names. */
  static Identity of(String provider, Map<String, Object> claims) {
    Optional<String> name = Optional.empty();
    for (String key : new String[] {"name", "preferred_username", "email"}) {
      if (claims.get(key) instanceof String text && !text.isBlank()) {
        name = Optional.of(text);
        break;
      }
    }
    Optional<String> subject =
        claims.get("sub") instanceof String sub && !sub.isBlank()
            ? Optional.of(sub)
            : Optional.empty();
    return new Identity(subject, name, provider, claims);
  }
}
