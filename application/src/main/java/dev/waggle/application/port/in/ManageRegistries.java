package dev.waggle.application.port.in;

import dev.waggle.application.port.out.RegistryEntry;
import dev.waggle.domain.access.AccessDeniedException;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import java.util.List;

/**
 * Use case: creating, changing and deleting registries through the admin API, and listing every
 * entry of their sources; what a registry serves follows each change at once.
 */
public interface ManageRegistries {

  /**
   * Creates the registry, or replaces the API-created registry of that name.
   *
   * @throws dev.waggle.domain.ValidationException naming the source that does not exist
   * @throws AccessDeniedException without {@code manageRegistries}, for a config-created registry,
   *     when the caller cannot see the stored registry or a source it lists, or may not grant the
   *     new claims
   */
  Written putRegistry(Caller caller, RegistryDefinition registry);

  /**
   * @throws RegistryNotFoundException when there is none
   * @throws AccessDeniedException without {@code manageRegistries}, for a config-created registry,
   *     or when the caller cannot see it
   */
  void deleteRegistry(Caller caller, RegistryName name);

  /**
   * One row per version per source of the registry, in source order, without precedence applied.
   *
   * @throws RegistryNotFoundException when there is none, or the caller cannot see it
   */
  List<RegistryEntry> registryEntries(Caller caller, RegistryName name);
}
