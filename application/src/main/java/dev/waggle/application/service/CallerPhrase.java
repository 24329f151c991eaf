package dev.waggle.application.service;

import dev.waggle.domain.access.Caller;

/** Application helper: how the admin services' log lines name who made a change. */
final class CallerPhrase {
  private CallerPhrase() {}

  /** {@code " by <subject>"}, or nothing for a caller no token named. */
  static String by(Caller caller) {
    return caller.subject().map(subject -> " by " + subject).orElse("");
  }
}
