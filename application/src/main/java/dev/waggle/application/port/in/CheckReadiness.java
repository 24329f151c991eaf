package dev.waggle.application.port.in;

/** Use case: telling an orchestrator whether this instance can serve requests. */
public interface CheckReadiness {

  /** Ready when storage answers and the configuration has been applied. */
  Readiness check();

  /** Readiness and, when not ready, the reason. */
  record Readiness(boolean ready, String reason) {}
}
