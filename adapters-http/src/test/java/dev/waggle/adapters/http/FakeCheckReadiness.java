package dev.waggle.adapters.http;

import dev.waggle.application.port.in.CheckReadiness;

/** Test fake of the {@link CheckReadiness} in-port whose answer a test sets. */
final class FakeCheckReadiness implements CheckReadiness {
  private volatile Readiness readiness = new Readiness(true, null);
  private volatile RuntimeException failure;
  private volatile Liveness liveness = new Liveness(true, null);

  void answerLiveness(Liveness next) {
    liveness = next;
  }

  void answer(Readiness next) {
    readiness = next;
    failure = null;
  }

  void fail(RuntimeException next) {
    failure = next;
  }

  @Override
  public Readiness check() {
    if (failure != null) {
      throw failure;
    }
    return readiness;
  }

  @Override
  public Liveness liveness() {
    return liveness;
  }
}
