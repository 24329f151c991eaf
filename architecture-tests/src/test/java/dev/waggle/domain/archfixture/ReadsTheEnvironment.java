package dev.waggle.domain.archfixture;

/** Rule fixture: a domain class that reads the environment, which the I/O rule must catch. */
public final class ReadsTheEnvironment {
  private ReadsTheEnvironment() {}

  static String home() {
    return System.getenv("HOME");
  }
}
