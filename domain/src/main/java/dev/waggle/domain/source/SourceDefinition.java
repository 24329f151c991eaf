package dev.waggle.domain.source;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.Claims;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Entity: a configured source — its name, kind, how often it syncs, which entries it keeps, the
 * claims stamped on what it delivers, and whether one invalid entry fails its whole sync.
 *
 * @param strict ToolHive's all-or-nothing: a sync with any rejected entry fails and keeps the last
 *     good data; by default the valid entries are stored and the rejected ones reported
 */
public record SourceDefinition(
    SourceName name,
    SourceKind kind,
    Optional<Duration> syncInterval,
    EntryFilter filter,
    Claims claims,
    boolean strict) {

  public SourceDefinition {
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(kind, "'kind' must not be null");
    Objects.requireNonNull(syncInterval, "'syncInterval' must not be null");
    syncInterval = syncInterval.or(kind::defaultInterval);
    filter = filter == null ? EntryFilter.NONE : filter;
    claims = claims == null ? Claims.NONE : claims;
    if (kind.synced()) {
      requireInterval(kind.typeName(), syncInterval);
    } else {
      syncInterval.ifPresent(SourceDefinition::requirePositiveInterval);
    }
  }

  /** The interval rule of a synced kind ({@code git}, {@code api}, {@code file}) on its own. */
  public static void requireInterval(String typeName, Optional<Duration> interval) {
    if (interval.isEmpty()) {
      throw new ValidationException(
          "syncPolicy.interval",
          null,
          "is required for " + typeName + " sources (a duration such as 30m or 1h)");
    }
    requirePositiveInterval(interval.get());
  }

  /** An interval, when one is given, is positive. */
  public static void requirePositiveInterval(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new ValidationException("syncPolicy.interval", null, "must be greater than zero");
    }
  }

  /**
   * The rule of replacing a stored definition of this source with this one: the kind cannot change,
   * nor where a file is read from, since the stored entries and sync history belong to what was
   * read before; such a change is a delete and a create.
   *
   * @throws ValidationException naming {@code type} or {@code file} when it would change
   */
  public void requireSameKindAs(SourceDefinition stored) {
    String before = stored.kind().typeName();
    String after = kind.typeName();
    if (!before.equals(after)) {
      throw new ValidationException(
          "type",
          after,
          "changing source type is not allowed: cannot change from '"
              + before
              + "' to '"
              + after
              + "', delete and recreate");
    }
    if (stored.kind() instanceof SourceKind.File was && kind instanceof SourceKind.File is) {
      if (!was.readFrom().equals(is.readFrom())) {
        throw new ValidationException(
            "file",
            is.readFrom(),
            "changing file source type is not allowed: cannot change from '"
                + was.readFrom()
                + "' to '"
                + is.readFrom()
                + "', delete and recreate");
      }
    }
  }

  /** A source that stores its valid entries and reports the rejected ones. */
  public SourceDefinition(
      SourceName name,
      SourceKind kind,
      Optional<Duration> syncInterval,
      EntryFilter filter,
      Claims claims) {
    this(name, kind, syncInterval, filter, claims, false);
  }

  /**
   * A fingerprint of everything in this definition that shapes what a sync stores — the kind and
   * where it reads from, the filter, the stamped claims and strictness — but not the interval,
   * which only says when. Two definitions with the same fingerprint turn the same bytes into the
   * same entries, so a sync may skip unchanged data only while the fingerprint stays the same. It
   * is a hash, so that a URL's credentials never end up in the database that stores it.
   */
  public String syncFingerprint() {
    String shape =
        "kind="
            + kind
            + "|filter="
            + filter.fingerprint()
            + "|claims="
            + new TreeMap<>(claims.values())
            // Only when set, so that the fingerprints stored before the key existed still match.
            + (strict ? "|strict" : "");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(shape.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
