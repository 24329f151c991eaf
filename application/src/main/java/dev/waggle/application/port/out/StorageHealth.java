package dev.waggle.application.port.out;

/** Outgoing port: whether the system of record answers right now. */
public interface StorageHealth {

  /** Pings storage with a short timeout; never throws. */
  boolean isReachable();
}
