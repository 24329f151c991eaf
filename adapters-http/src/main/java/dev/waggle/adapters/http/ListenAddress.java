package dev.waggle.adapters.http;

import java.util.Locale;

/**
 * Settings value for the HTTP adapter: the {@code host:port} one listener binds to, where port 0
 * means a free port chosen at start.
 */
record ListenAddress(String host, int port) {
  static final String ANY_HOST = "0.0.0.0";
  private static final String LOOPBACK = "127.0.0.1";

  ListenAddress {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("'host' must not be empty");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("'port' must be between 0 and 65535, got " + port);
    }
  }

  /**
   * Parses {@code [host]:port}: an empty host means every interface, {@code localhost} the IPv4
   * loopback, and a bracketed IPv6 host ({@code [::1]:8080}) is accepted too.
   *
   * @param flag the flag the value came from, named in the error message
   */
  static ListenAddress parse(String flag, String value) {
    String expected = "expected [host]:port, e.g. ':8080' or '127.0.0.1:8080'";
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(flag + ": an address is required (" + expected + ")");
    }
    String text = value.strip();
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw invalid(flag, value, "the port is missing; " + expected);
    }
    String host = text.substring(0, colon);
    String portText = text.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
      if (host.isEmpty()) {
        throw invalid(flag, value, "the IPv6 host between brackets is empty");
      }
    } else if (host.contains(":")) {
      throw invalid(flag, value, "an IPv6 host must be written in brackets, e.g. '[::1]:8080'");
    }
    if (host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
      throw invalid(flag, value, "the host must not contain spaces or '/'");
    }
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw invalid(flag, value, "the port must be a number from 0 to 65535; " + expected);
    }
    if (port < 0 || port > 65_535 || !portText.chars().allMatch(Character::isDigit)) {
      throw invalid(flag, value, "the port must be a number from 0 to 65535");
    }
    if (host.isEmpty()) {
      host = ANY_HOST;
    } else if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
      // Resolving "localhost" could pick ::1 on some hosts; clients and probes expect IPv4.
      host = LOOPBACK;
    }
    return new ListenAddress(host, port);
  }

  /** Whether both listeners could not bind at once: same fixed port on overlapping interfaces. */
  boolean clashesWith(ListenAddress other) {
    return port != 0
        && port == other.port
        && (host.equals(other.host) || isWildcard() || other.isWildcard());
  }

  private boolean isWildcard() {
    return host.equals(ANY_HOST) || host.equals("::");
  }

  private static IllegalArgumentException invalid(String flag, String value, String why) {
    return new IllegalArgumentException(flag + ": invalid address '" + value + "': " + why);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
