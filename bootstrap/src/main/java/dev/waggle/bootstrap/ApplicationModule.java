package dev.waggle.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.waggle.application.port.in.ApplyConfiguration;
import dev.waggle.application.port.in.BrowseCatalog;
import dev.waggle.application.port.in.BrowseExtensions;
import dev.waggle.application.port.in.CheckReadiness;
import dev.waggle.application.port.in.InspectSources;
import dev.waggle.application.port.in.ManageRegistries;
import dev.waggle.application.port.in.ManageSources;
import dev.waggle.application.port.in.PublishEntries;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.application.port.out.CatalogChanges;
import dev.waggle.application.port.out.CatalogMetrics;
import dev.waggle.application.port.out.EntryStore;
import dev.waggle.application.port.out.ExtensionCatalogStore;
import dev.waggle.application.port.out.ExtensionDocumentCheck;
import dev.waggle.application.port.out.ManagedEntryStore;
import dev.waggle.application.port.out.RegistryDocumentCheck;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.application.port.out.SelfRecovery;
import dev.waggle.application.port.out.ServedCatalogStore;
import dev.waggle.application.port.out.ServedVersionEncoder;
import dev.waggle.application.port.out.ServerDocumentCheck;
import dev.waggle.application.port.out.ServerDocumentSource;
import dev.waggle.application.port.out.SourceReader;
import dev.waggle.application.port.out.StorageHealth;
import dev.waggle.application.port.out.SyncMetrics;
import dev.waggle.application.port.out.SyncStateStore;
import dev.waggle.application.port.out.Tracing;
import dev.waggle.application.service.ApplyConfigurationService;
import dev.waggle.application.service.BrowseCatalogService;
import dev.waggle.application.service.BrowseExtensionsService;
import dev.waggle.application.service.CatalogAdminService;
import dev.waggle.application.service.DocumentSourceReader;
import dev.waggle.application.service.InspectSourcesService;
import dev.waggle.application.service.PublishEntriesService;
import dev.waggle.application.service.ReadinessService;
import dev.waggle.application.service.ServedCatalogs;
import dev.waggle.application.service.SyncScheduler;
import dev.waggle.application.service.SyncService;
import dev.waggle.domain.registry.RegistryName;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Bootstrap wiring: binds the application's use cases to their services, on top of whatever adapter
 * modules bind the out-ports. The services carry no annotations, so they are built here.
 */
final class ApplicationModule extends AbstractModule {
  private final RegistryName defaultRegistry;
  private final Duration syncTick;
  private final Clock clock;

  ApplicationModule(RegistryName defaultRegistry, Duration syncTick, Clock clock) {
    this.defaultRegistry =
        Objects.requireNonNull(defaultRegistry, "'defaultRegistry' must not be null");
    this.syncTick = Objects.requireNonNull(syncTick, "'syncTick' must not be null");
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
  }

  @Provides
  Clock clock() {
    return clock;
  }

  @Provides
  @Singleton
  ServedCatalogs servedCatalogs(
      ServedCatalogStore store,
      CatalogChanges changes,
      ServedVersionEncoder encoder,
      CatalogMetrics metrics,
      Tracing tracing) {
    return new ServedCatalogs(
        store, changes, encoder, ServedCatalogs.DEFAULT_CHECK_PERIOD, metrics, tracing);
  }

  @Provides
  @Singleton
  BrowseCatalog browseCatalog(ServedCatalogs catalogs) {
    return new BrowseCatalogService(catalogs, defaultRegistry);
  }

  @Provides
  @Singleton
  BrowseExtensions browseExtensions(RegistryStore registries, ExtensionCatalogStore store) {
    return new BrowseExtensionsService(registries, store);
  }

  @Provides
  @Singleton
  ApplyConfigurationService applyConfigurationService(
      RegistryStore registries, SyncStateStore states, Clock clock) {
    return new ApplyConfigurationService(registries, states, clock);
  }

  @Provides
  ApplyConfiguration applyConfiguration(ApplyConfigurationService service) {
    return service;
  }

  @Provides
  @Singleton
  CheckReadiness checkReadiness(
      StorageHealth storage, ApplyConfigurationService configuration, SelfRecovery selfRecovery) {
    return new ReadinessService(storage, configuration::applied, selfRecovery);
  }

  @Override
  protected void configure() {
    // Only the kubernetes adapter contributes one; without it the set is empty, not missing.
    Multibinder.newSetBinder(binder(), ServerDocumentSource.class);
  }

  /** Sources that write their own documents are read through the same rules as registry files. */
  @Provides
  @Singleton
  TriggerSync triggerSync(
      RegistryStore registries,
      SyncStateStore states,
      EntryStore entries,
      Set<SourceReader> readers,
      Set<ServerDocumentSource> documentSources,
      ServerDocumentCheck rules,
      Clock clock,
      SyncMetrics metrics,
      Tracing tracing) {
    List<SourceReader> all = new ArrayList<>(readers);
    documentSources.forEach(source -> all.add(new DocumentSourceReader(source, rules)));
    return new SyncService(
        registries, states, entries, all, clock, SyncService.onDemandPool(), metrics, tracing);
  }

  @Provides
  @Singleton
  PublishEntries publishEntries(
      RegistryStore registries,
      ManagedEntryStore store,
      ServerDocumentCheck servers,
      ExtensionDocumentCheck extensions) {
    return new PublishEntriesService(registries, store, servers, extensions);
  }

  @Provides
  @Singleton
  InspectSources inspectSources(RegistryStore registries, SyncStateStore states) {
    return new InspectSourcesService(registries, states);
  }

  @Provides
  @Singleton
  CatalogAdminService catalogAdmin(
      RegistryStore registries,
      SyncStateStore states,
      TriggerSync sync,
      RegistryDocumentCheck documents,
      Clock clock) {
    return new CatalogAdminService(registries, states, sync, documents, clock);
  }

  @Provides
  ManageSources manageSources(CatalogAdminService admin) {
    return admin;
  }

  @Provides
  ManageRegistries manageRegistries(CatalogAdminService admin) {
    return admin;
  }

  @Provides
  @Singleton
  SyncScheduler syncScheduler(TriggerSync sync) {
    return new SyncScheduler(sync, syncTick);
  }
}
