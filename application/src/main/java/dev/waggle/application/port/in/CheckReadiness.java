package dev.waggle.application.port.in;

/** Use case: telling an orchestrator whether this instance can serve requests. */
public interface CheckReadiness {

  /** Ready when storage answers and the configuration has been applied. */
  Readiness check();

  /**
   * Alive while this instance can still serve or get back to serving by itself; not alive when only
   * a restart of the process helps (its embedded database cannot be restarted, for instance).
   */
  Liveness liveness();

  /** Readiness and, when not ready, the reason. */
  record Readiness(boolean ready, String reason) {}

  /** Liveness and, when not alive, the reason. */
  record Liveness(boolean alive, String reason) {}
}
