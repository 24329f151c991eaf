package dev.waggle.adapters.http;

import java.util.Objects;

/**
 * Settings value for the HTTP adapter: the {@code [host]:port} the public API ({@code --address})
 * and the internal endpoints ({@code --internal-address}) listen on, the running build, and how
 * many requests that need the database may run at once before more are shed with a 503, who may
 * call the public API ({@link AuthSettings}; anonymous unless told otherwise), and whether metrics
 * are kept and served at {@code GET /metrics} on the internal listener (off unless told otherwise),
 * and what the audit trail records ({@link AuditSettings}; nothing unless told otherwise).
 */
public record HttpSettings(
    String address,
    String internalAddress,
    BuildInfo buildInfo,
    int maxDatabaseRequests,
    AuthSettings auth,
    boolean metrics,
    AuditSettings audit) {
  static final String ADDRESS_FLAG = "--address";
  static final String INTERNAL_ADDRESS_FLAG = "--internal-address";

  /** Fits the default pool of 10 connections, leaving two for syncs and readiness probes. */
  public static final int DEFAULT_MAX_DATABASE_REQUESTS = 8;

  public HttpSettings(String address, String internalAddress, BuildInfo buildInfo) {
    this(address, internalAddress, buildInfo, DEFAULT_MAX_DATABASE_REQUESTS);
  }

  public HttpSettings(
      String address, String internalAddress, BuildInfo buildInfo, int maxDatabaseRequests) {
    this(address, internalAddress, buildInfo, maxDatabaseRequests, AuthSettings.ANONYMOUS);
  }

  public HttpSettings(
      String address,
      String internalAddress,
      BuildInfo buildInfo,
      int maxDatabaseRequests,
      AuthSettings auth) {
    this(address, internalAddress, buildInfo, maxDatabaseRequests, auth, false);
  }

  public HttpSettings(
      String address,
      String internalAddress,
      BuildInfo buildInfo,
      int maxDatabaseRequests,
      AuthSettings auth,
      boolean metrics) {
    this(
        address,
        internalAddress,
        buildInfo,
        maxDatabaseRequests,
        auth,
        metrics,
        AuditSettings.DISABLED);
  }

  /** Rejects an invalid address, or two listeners on one port, naming the flags. */
  public HttpSettings {
    ListenAddress publicListener = ListenAddress.parse(ADDRESS_FLAG, address);
    ListenAddress internalListener = ListenAddress.parse(INTERNAL_ADDRESS_FLAG, internalAddress);
    if (publicListener.clashesWith(internalListener)) {
      throw new IllegalArgumentException(
          ADDRESS_FLAG
              + " '"
              + address
              + "' and "
              + INTERNAL_ADDRESS_FLAG
              + " '"
              + internalAddress
              + "' would bind the same port; give the internal listener its own port");
    }
    Objects.requireNonNull(buildInfo, "'buildInfo' must not be null");
    if (maxDatabaseRequests < 1) {
      throw new IllegalArgumentException(
          "'maxDatabaseRequests' must be at least 1, not " + maxDatabaseRequests);
    }
    Objects.requireNonNull(auth, "'auth' must not be null");
    Objects.requireNonNull(audit, "'audit' must not be null");
  }

  /** These settings with callers identified as {@code auth} says. */
  public HttpSettings withAuth(AuthSettings auth) {
    return new HttpSettings(
        address, internalAddress, buildInfo, maxDatabaseRequests, auth, metrics, audit);
  }

  /** These settings with metrics kept and served, or not. */
  public HttpSettings withMetrics(boolean metrics) {
    return new HttpSettings(
        address, internalAddress, buildInfo, maxDatabaseRequests, auth, metrics, audit);
  }

  /** These settings with the audit trail recording as {@code audit} says. */
  public HttpSettings withAudit(AuditSettings audit) {
    return new HttpSettings(
        address, internalAddress, buildInfo, maxDatabaseRequests, auth, metrics, audit);
  }

  /**
   * These settings with the in-flight bound sized for a connection pool of {@code poolSize}: two
   * connections stay free for the sync scheduler and the readiness probe.
   */
  public HttpSettings withDatabasePool(int poolSize) {
    return new HttpSettings(
        address, internalAddress, buildInfo, Math.max(1, poolSize - 2), auth, metrics, audit);
  }

  ListenAddress publicListener() {
    return ListenAddress.parse(ADDRESS_FLAG, address);
  }

  ListenAddress internalListener() {
    return ListenAddress.parse(INTERNAL_ADDRESS_FLAG, internalAddress);
  }
}
