package dev.waggle.application.service;

import dev.waggle.application.port.in.ConflictException;
import dev.waggle.application.port.in.ManageRegistries;
import dev.waggle.application.port.in.ManageSources;
import dev.waggle.application.port.in.RegistryNotFoundException;
import dev.waggle.application.port.in.SourceNotFoundException;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.application.port.in.Written;
import dev.waggle.application.port.out.RegistryDocumentCheck;
import dev.waggle.application.port.out.RegistryEntry;
import dev.waggle.application.port.out.RegistryRecord;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.application.port.out.SourceEntry;
import dev.waggle.application.port.out.SourceRecord;
import dev.waggle.application.port.out.SyncStateStore;
import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.AccessDeniedException;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.access.Role;
import dev.waggle.domain.registry.CreationType;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Service: the admin API's writes of sources and registries — who may make them (role, then the
 * claims of what is stored, then the claims being granted), that config-created ones stay as the
 * file says, that inline data is a registry file a sync would take, and their effects: a synced
 * source is synced at once, a registry serves its new layout as soon as the write returns.
 */
public final class CatalogAdminService implements ManageSources, ManageRegistries {
  private static final System.Logger LOG = System.getLogger(CatalogAdminService.class.getName());

  static final String CONFIG_SOURCE = "cannot modify config-created source via API";
  static final String CONFIG_REGISTRY = "cannot modify config-created registry via API";
  static final String CANNOT_GRANT =
      "forbidden: the claims to set must be a subset of the caller's claims";
  static final String MANAGED_EXISTS = "at most one managed source is allowed";

  private final RegistryStore store;
  private final SyncStateStore states;
  private final TriggerSync sync;
  private final RegistryDocumentCheck documents;
  private final Clock clock;

  public CatalogAdminService(
      RegistryStore store,
      SyncStateStore states,
      TriggerSync sync,
      RegistryDocumentCheck documents,
      Clock clock) {
    this.store = Objects.requireNonNull(store, "'store' must not be null");
    this.states = Objects.requireNonNull(states, "'states' must not be null");
    this.sync = Objects.requireNonNull(sync, "'sync' must not be null");
    this.documents = Objects.requireNonNull(documents, "'documents' must not be null");
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
  }

  // ---- sources

  @Override
  public Written putSource(Caller caller, SourceDefinition source) {
    Objects.requireNonNull(source, "'source' must not be null");
    caller.require(Role.MANAGE_SOURCES);
    Optional<SourceRecord> stored = store.sourceRecord(source.name());
    if (stored.isPresent()) {
      requireWritable(
          caller, stored.get().creationType(), stored.get().definition().claims(), CONFIG_SOURCE);
      source.requireSameKindAs(stored.get().definition());
    } else if (source.kind() instanceof SourceKind.Managed
        && store.sourceRecords().stream()
            .anyMatch(s -> s.definition().kind() instanceof SourceKind.Managed)) {
      // Checked here for a clear answer; the store refuses a second one under a race as well.
      throw new ConflictException(MANAGED_EXISTS);
    }
    requireGrantable(caller, source.claims());
    requireReadable(source.kind());
    boolean created = store.putApiSource(source);
    LOG.log(
        Level.INFO,
        "source "
            + source.name()
            + " "
            + (created ? "created" : "updated")
            + " through the API"
            + CallerPhrase.by(caller));
    if (source.kind().synced()) {
      syncSoon(source.name());
    }
    return created ? Written.CREATED : Written.UPDATED;
  }

  /**
   * Makes the source due and starts its sync: when another sync of it is running (it read the old
   * definition), being due has the next round sync it again with the new one.
   */
  private void syncSoon(SourceName name) {
    try {
      states.makeDue(name, clock.instant());
      sync.requestSync(name);
    } catch (RuntimeException e) {
      // The write stands; the scheduler syncs the source on its next round.
      LOG.log(
          Level.WARNING,
          "source " + name + " was saved but its sync could not start now: " + e.getMessage());
    }
  }

  @Override
  public void deleteSource(Caller caller, SourceName name) {
    caller.require(Role.MANAGE_SOURCES);
    SourceRecord stored =
        store.sourceRecord(name).orElseThrow(() -> new SourceNotFoundException(name));
    requireWritable(caller, stored.creationType(), stored.definition().claims(), CONFIG_SOURCE);
    if (!store.deleteApiSource(name)) {
      throw new SourceNotFoundException(name);
    }
    LOG.log(Level.INFO, "source " + name + " deleted through the API" + CallerPhrase.by(caller));
  }

  @Override
  public List<SourceEntry> sourceEntries(Caller caller, SourceName name) {
    caller.require(Role.MANAGE_SOURCES);
    SourceRecord stored =
        store.sourceRecord(name).orElseThrow(() -> new SourceNotFoundException(name));
    if (!caller.canSee(stored.definition().claims())) {
      throw new SourceNotFoundException(name);
    }
    return store.sourceEntries(name);
  }

  /**
   * Inline data is read by the same rules its sync will read it by, so a document the sync would
   * refuse (or take only in part) is a 400 now instead of a failed source later; ToolHive refuses
   * it as well.
   */
  private void requireReadable(SourceKind kind) {
    if (kind instanceof SourceKind.File file && file.data().isPresent()) {
      documents
          .problem(file.data().get())
          .ifPresent(
              problem -> {
                throw new ValidationException(
                    "file.data",
                    file.data().get(),
                    "must be a registry file a sync can read: " + problem);
              });
    }
  }

  // ---- registries

  @Override
  public Written putRegistry(Caller caller, RegistryDefinition registry) {
    Objects.requireNonNull(registry, "'registry' must not be null");
    caller.require(Role.MANAGE_REGISTRIES);
    List<SourceName> sources = registry.sources();
    for (int i = 0; i < sources.size(); i++) {
      SourceName name = sources.get(i);
      Optional<SourceRecord> source = store.sourceRecord(name);
      if (source.isEmpty()) {
        throw new ValidationException(
            "sources[" + i + "]", name.value(), "source not found: " + name.value());
      }
      if (!caller.canSee(source.get().definition().claims())) {
        throw new AccessDeniedException(
            "forbidden: caller cannot reference source " + name.value());
      }
    }
    Optional<RegistryRecord> stored = store.registryRecord(registry.name());
    if (stored.isPresent()) {
      requireWritable(
          caller, stored.get().creationType(), stored.get().definition().claims(), CONFIG_REGISTRY);
    }
    requireGrantable(caller, registry.claims());
    boolean created = store.putApiRegistry(registry);
    LOG.log(
        Level.INFO,
        "registry "
            + registry.name()
            + " "
            + (created ? "created" : "updated")
            + " through the API"
            + CallerPhrase.by(caller));
    return created ? Written.CREATED : Written.UPDATED;
  }

  @Override
  public void deleteRegistry(Caller caller, RegistryName name) {
    caller.require(Role.MANAGE_REGISTRIES);
    RegistryRecord stored =
        store.registryRecord(name).orElseThrow(() -> new RegistryNotFoundException(name));
    requireWritable(caller, stored.creationType(), stored.definition().claims(), CONFIG_REGISTRY);
    if (!store.deleteApiRegistry(name)) {
      throw new RegistryNotFoundException(name);
    }
    LOG.log(Level.INFO, "registry " + name + " deleted through the API" + CallerPhrase.by(caller));
  }

  @Override
  public List<RegistryEntry> registryEntries(Caller caller, RegistryName name) {
    caller.require(Role.MANAGE_REGISTRIES);
    RegistryRecord stored =
        store.registryRecord(name).orElseThrow(() -> new RegistryNotFoundException(name));
    if (!caller.canSee(stored.definition().claims())) {
      throw new RegistryNotFoundException(name);
    }
    return store.registryEntries(name);
  }

  // ---- rules shared by both

  /**
   * The caller acts on something stored: it must see it (ToolHive answers 403 here, not 404), and
   * only what the API created may change.
   */
  private static void requireWritable(
      Caller caller, CreationType creationType, Claims storedClaims, String configMessage) {
    if (!caller.canSee(storedClaims)) {
      throw new AccessDeniedException(AccessDeniedException.INSUFFICIENT_PERMISSIONS);
    }
    if (creationType == CreationType.CONFIG) {
      throw new AccessDeniedException(configMessage);
    }
  }

  /**
   * Claims set through the API must be ones the caller holds, so nobody grants more than it sees.
   * Leaving claims off is allowed whenever claims are not checked.
   */
  private static void requireGrantable(Caller caller, Claims claims) {
    if (!caller.canGrant(claims)) {
      throw new AccessDeniedException(CANNOT_GRANT);
    }
  }
}
