package dev.waggle.application.port.in;

import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import java.util.List;

/** Use case: seeing the configured sources and registries and how each source's syncing stands. */
public interface InspectSources {

  /** Every source, by name. */
  List<SourceStatus> listSources();

  /**
   * @throws SourceNotFoundException when no source has that name
   */
  SourceStatus source(SourceName name);

  /**
   * @throws RegistryNotFoundException when no registry has that name
   */
  RegistryStatus registry(RegistryName name);
}
