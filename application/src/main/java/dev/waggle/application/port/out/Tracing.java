package dev.waggle.application.port.out;

/**
 * Port: where the application marks the stretches of work worth following in a trace — a source's
 * sync, its fetch, the store calls that write and load the served catalog — so that a slow request
 * or sync shows where its time went. Spans nest under whatever span is current on the thread.
 */
public interface Tracing {
  /** Traces nothing: for a server that runs without tracing. */
  Tracing NONE =
      new Tracing() {
        @Override
        public Span start(String name) {
          return Span.NONE;
        }

        @Override
        public Runnable carryOver(Runnable task) {
          return task;
        }
      };

  /** Starts a span, child of the current one, and makes it current on this thread until closed. */
  Span start(String name);

  /** {@code task}, made to run under the span current now, on whichever thread runs it. */
  Runnable carryOver(Runnable task);

  /** One stretch of work; closing it ends it and restores the span current before. */
  interface Span extends AutoCloseable {
    /** Records nothing. */
    Span NONE =
        new Span() {
          @Override
          public Span set(String key, String value) {
            return this;
          }

          @Override
          public Span set(String key, long value) {
            return this;
          }

          @Override
          public Span set(String key, boolean value) {
            return this;
          }

          @Override
          public Span set(String key, double value) {
            return this;
          }

          @Override
          public void failed(String reason, Throwable cause) {}

          @Override
          public void close() {}
        };

    Span set(String key, String value);

    Span set(String key, long value);

    Span set(String key, boolean value);

    Span set(String key, double value);

    /** Marks the work failed; {@code cause} may be null. */
    void failed(String reason, Throwable cause);

    @Override
    void close();
  }
}
