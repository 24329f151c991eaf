package dev.waggle.application.port.in;

import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.EntryType;

/**
 * Incoming port: what an entry manager wants of the single {@code managed} source — publish a
 * server, skill or plugin version, delete one, and read or change who may see an entry. Every call
 * needs the {@code manageEntries} role, and what it writes is served at once by every registry that
 * lists the managed source.
 */
public interface PublishEntries {

  /**
   * Publishes one version. The first version of a name sets its claims; later ones must carry the
   * same.
   *
   * @param document the {@code server.json}, or the skill or plugin document, as JSON text
   * @param claims who may see the entry; {@link Claims#NONE} for none
   * @throws dev.waggle.domain.ValidationException when the document breaks a rule, or claims are
   *     missing while they are checked
   * @throws dev.waggle.domain.access.AccessDeniedException when the caller lacks the role, cannot
   *     see the managed source, or would grant claims it does not hold
   * @throws ConflictException when the version exists, the claims differ from the entry's, or there
   *     is no managed source
   */
  PublishedEntry publish(EntryType type, String document, Claims claims, Caller caller);

  /**
   * Deletes one version; the latest pointer moves back to the next highest, and the entry goes with
   * its last version.
   *
   * @throws EntryNotFoundException when there is no such version
   */
  void delete(EntryType type, String name, String version, Caller caller);

  /**
   * The claims of an entry; {@link Claims#NONE} when it has none.
   *
   * @throws EntryNotFoundException when there is no such entry
   */
  Claims claims(EntryType type, String name, Caller caller);

  /**
   * Replaces the claims of every version of an entry; {@link Claims#NONE} clears them.
   *
   * @throws EntryNotFoundException when there is no such entry
   */
  void changeClaims(EntryType type, String name, Claims claims, Caller caller);
}
