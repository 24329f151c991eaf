package dev.waggle.application.port.in;

import dev.waggle.domain.access.Caller;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.extension.ExtensionId;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.registry.RegistryName;
import java.util.List;

/**
 * Incoming port: reading a registry's skills and plugins (ToolHive's {@code x/dev.toolhive}
 * extension), each identity served from the first of the registry's sources that has it.
 */
public interface BrowseExtensions {

  /**
   * One page of every version of every entry of a kind, in (namespace, name, version) order.
   *
   * @throws RegistryNotFoundException when the registry does not exist
   * @throws RegistryAccessDeniedException when the caller may not see the registry
   */
  ExtensionPage list(ListExtensionsQuery query);

  /**
   * Every version of one entry, in version order.
   *
   * @throws ExtensionNotFoundException when the registry serves no version of it to the caller
   */
  List<ExtensionEntry> versions(
      RegistryName registry, ExtensionKind kind, ExtensionId id, Caller caller);

  /**
   * One version of an entry, or its latest.
   *
   * @throws ExtensionNotFoundException when the registry serves no such version to the caller
   */
  ExtensionEntry version(
      RegistryName registry,
      ExtensionKind kind,
      ExtensionId id,
      VersionSelector version,
      Caller caller);
}
