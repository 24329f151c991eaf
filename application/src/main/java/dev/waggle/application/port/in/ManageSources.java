package dev.waggle.application.port.in;

import dev.waggle.application.port.out.SourceEntry;
import dev.waggle.domain.access.AccessDeniedException;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceName;
import java.util.List;

/**
 * Use case: creating, changing and deleting sources through the admin API, and reading what one
 * holds. Sources the configuration file declares stay read-only here.
 */
public interface ManageSources {

  /**
   * Creates the source, or replaces the definition of the API-created source of that name, and has
   * a synced one synced at once.
   *
   * @throws AccessDeniedException without {@code manageSources}, for a config-created source, when
   *     the caller cannot see the stored source or may not grant the new claims
   * @throws dev.waggle.domain.ValidationException when the kind, or a file's sub-kind, would change
   * @throws ConflictException when a second managed source would exist
   */
  Written putSource(Caller caller, SourceDefinition source);

  /**
   * Deletes an API-created source with everything it holds.
   *
   * @throws SourceNotFoundException when there is none
   * @throws AccessDeniedException without {@code manageSources}, for a config-created source, or
   *     when the caller cannot see it
   * @throws ConflictException while a registry lists it
   */
  void deleteSource(Caller caller, SourceName name);

  /**
   * Every entry the source holds, with all its versions, whatever a registry serves of it.
   *
   * @throws SourceNotFoundException when there is none, or the caller cannot see it
   */
  List<SourceEntry> sourceEntries(Caller caller, SourceName name);
}
