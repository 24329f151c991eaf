package dev.waggle.bootstrap.config;

import java.util.Locale;

/** Configuration: {@code database.sslMode}, spelled as libpq and the PostgreSQL JDBC driver do. */
public enum SslMode {
  DISABLE,
  REQUIRE,
  VERIFY_CA,
  VERIFY_FULL;

  /** The spelling in the file and in the JDBC URL: {@code verify-full}. */
  public String value() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
