package dev.waggle.application.port.out;

import java.util.Optional;

/**
 * Outgoing port: whether the parts this instance runs itself (an embedded database) can still
 * recover from a fault on their own; when one cannot, only restarting the process helps.
 */
public interface SelfRecovery {
  /** Recovers from everything it can, as with an external database. */
  SelfRecovery ALWAYS = Optional::empty;

  /** Why this instance can no longer recover by itself; empty while it can. */
  Optional<String> unrecoverableFault();
}
