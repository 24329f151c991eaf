package dev.waggle.adapters.http;

import java.util.Objects;

/**
 * HTTP adapter value: what one provider made of a bearer token — it vouches for the caller, it
 * rejects the token (and why, in words fit for a client), or it could not be asked.
 */
sealed interface TokenVerdict {
  /** The provider vouches for this caller. */
  record Accepted(Identity caller) implements TokenVerdict {
    public Accepted {
      Objects.requireNonNull(caller, "'caller' must not be null");
    }
  }

  /**
   * The token is not good here.
   *
   * @param reason said to the client in {@code error_description}: never the token itself
   * @param issuerMatched whether the token named this provider as its issuer, so that its reason is
   *     the one worth telling
   */
  record Rejected(String reason, boolean issuerMatched) implements TokenVerdict {
    public Rejected {
      Objects.requireNonNull(reason, "'reason' must not be null");
    }
  }

  /** The provider's discovery, keys or introspection could not be reached: nothing is known. */
  record Unreachable(String provider, String problem) implements TokenVerdict {
    public Unreachable {
      Objects.requireNonNull(provider, "'provider' must not be null");
      Objects.requireNonNull(problem, "'problem' must not be null");
    }
  }
}
