package dev.waggle.application.port.in;

import dev.waggle.domain.access.AccessDeniedException;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import java.util.List;

/**
 * Use case: seeing the configured sources and registries and how each source's syncing stands. The
 * methods taking a {@link Caller} answer a request: sources need the {@code manageSources} role,
 * and only what the caller's claims reach exists for it; the others are for trusted callers inside
 * the process.
 */
public interface InspectSources {

  /**
   * The sources the caller may see, by name.
   *
   * @throws AccessDeniedException when the caller does not hold {@code manageSources}
   */
  List<SourceStatus> listSources(Caller caller);

  /**
   * @throws AccessDeniedException when the caller does not hold {@code manageSources}
   * @throws SourceNotFoundException when no source has that name, or the caller may not see it
   */
  SourceStatus source(SourceName name, Caller caller);

  /** The registries the caller may see, by name. */
  List<RegistryStatus> listRegistries(Caller caller);

  /**
   * @throws RegistryNotFoundException when no registry has that name, or the caller may not see it
   */
  RegistryStatus registry(RegistryName name, Caller caller);

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
