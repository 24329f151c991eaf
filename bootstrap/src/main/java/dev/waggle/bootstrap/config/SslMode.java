package dev.waggle.bootstrap.config;

import java.util.Arrays;
import java.util.Optional;

/** Configuration: {@code database.sslMode}, spelled as libpq and the PostgreSQL JDBC driver do. */
public enum SslMode {
  DISABLE("disable"),
  REQUIRE("require"),
  VERIFY_CA("verify-ca"),
  VERIFY_FULL("verify-full");

  private final String value;

  SslMode(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  static Optional<SslMode> parse(String text) {
    return Arrays.stream(values()).filter(m -> m.value.equals(text)).findFirst();
  }
}
