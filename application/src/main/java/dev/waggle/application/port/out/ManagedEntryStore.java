package dev.waggle.application.port.out;

import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.EntryType;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.source.SourceName;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Outgoing port: single-version writes into the managed source. Each call is one transaction that
 * also brings the served catalog of every registry over the source up to date and moves their
 * generations, so a write is served as soon as it returns and nothing is half-written when it
 * fails. Writes to one source are serialized.
 *
 * <p>The {@code check} of each write is called inside the transaction with the entry's current
 * claims, before anything is written: whatever it throws aborts the write and comes out of the
 * call.
 */
public interface ManagedEntryStore {

  /**
   * Adds a version of a server with the manifest's claims, making it the latest when it is newer
   * than the latest; {@code check} sees the claims of the name's versions already stored, if any.
   *
   * @throws RuntimeException naming the name and version when the version exists (the application's
   *     conflict exception, which callers answer with 409)
   */
  StoredVersion publishServer(SourceName source, ServerManifest server, Consumer<Claims> check);

  /**
   * Adds a version of a skill or plugin, known by its bare name within its kind, like {@link
   * #publishServer}.
   *
   * @throws RuntimeException when the version exists, or the name is held under another namespace
   *     (the application's conflict exception)
   */
  StoredVersion publishExtension(SourceName source, ExtensionEntry entry, Consumer<Claims> check);

  /**
   * Deletes one version; when it was the latest the next highest becomes it, and the entry goes
   * with its last version.
   *
   * @return false when there is no such version (and {@code check} was not called)
   */
  boolean deleteVersion(
      SourceName source, EntryType type, String name, String version, Consumer<Claims> check);

  /** The claims of an entry, or empty when the source holds no version of it. */
  Optional<Claims> claims(SourceName source, EntryType type, String name);

  /**
   * Replaces the claims of every version of an entry.
   *
   * @return false when the source holds no version of it (and {@code check} was not called)
   */
  boolean replaceClaims(
      SourceName source, EntryType type, String name, Claims claims, Consumer<Claims> check);

  /**
   * A version as stored.
   *
   * @param id the stored row's identifier
   * @param latest whether the version is now its entry's latest
   */
  record StoredVersion(String id, boolean latest, Instant createdAt, Instant updatedAt) {
    public StoredVersion {
      Objects.requireNonNull(id, "'id' must not be null");
      Objects.requireNonNull(createdAt, "'createdAt' must not be null");
      Objects.requireNonNull(updatedAt, "'updatedAt' must not be null");
    }
  }
}
