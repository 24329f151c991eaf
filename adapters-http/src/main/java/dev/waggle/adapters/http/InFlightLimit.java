package dev.waggle.adapters.http;

import io.javalin.http.Handler;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * HTTP adapter helper: load shedding for the routes that need the database. At most as many of
 * their requests run at once as the connection pool can serve; one more is answered 503 with {@code
 * Retry-After} at once, rather than waiting for a connection with every other request and then
 * failing anyway.
 */
final class InFlightLimit {
  /** How long a request may wait for a slot: enough to absorb a burst, too short to pile up. */
  static final long WAIT_MILLIS = 5;

  private final Semaphore slots;
  private final Runnable onShed;

  InFlightLimit(int maxInFlight) {
    this(maxInFlight, () -> {});
  }

  /**
   * @param onShed told of every request answered 503 for want of a slot
   */
  InFlightLimit(int maxInFlight, Runnable onShed) {
    this.onShed = onShed;
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("'maxInFlight' must be at least 1, not " + maxInFlight);
    }
    // Fair, so that a request that waits is not overtaken by those arriving after it.
    this.slots = new Semaphore(maxInFlight, true);
  }

  /** {@code handler}, run only when a slot is free within {@link #WAIT_MILLIS}. */
  Handler guard(Handler handler) {
    return ctx -> {
      boolean acquired;
      try {
        acquired = slots.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        acquired = false;
      }
      if (!acquired) {
        onShed.run();
        throw new OverloadedException();
      }
      try {
        handler.handle(ctx);
      } finally {
        slots.release();
      }
    };
  }

  /** Thrown when every slot is taken; answered 503 with a short {@code Retry-After}. */
  static final class OverloadedException extends RuntimeException {
    OverloadedException() {
      super("too many requests in flight", null, false, false);
    }
  }
}
