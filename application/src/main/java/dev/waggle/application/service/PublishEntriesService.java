package dev.waggle.application.service;

import dev.waggle.application.port.in.ConflictException;
import dev.waggle.application.port.in.EntryNotFoundException;
import dev.waggle.application.port.in.PublishEntries;
import dev.waggle.application.port.in.PublishedEntry;
import dev.waggle.application.port.out.ExtensionDocumentCheck;
import dev.waggle.application.port.out.ManagedEntryStore;
import dev.waggle.application.port.out.ManagedEntryStore.StoredVersion;
import dev.waggle.application.port.out.RegistryStore;
import dev.waggle.application.port.out.ServerDocumentCheck;
import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.AccessDeniedException;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.access.Role;
import dev.waggle.domain.catalog.EntryType;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.extension.ExtensionEntry;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceSnapshot;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Service: the publish API over the single managed source — checks the caller's role and claims
 * (ToolHive's publish ownership: the first version of a name sets its claims, later ones must carry
 * the same), validates documents with the rules synced entries meet, and hands each write to the
 * store, which serves it at once.
 */
public final class PublishEntriesService implements PublishEntries {
  private static final System.Logger LOG = System.getLogger(PublishEntriesService.class.getName());
  static final String CLAIMS_REQUIRED = "claims are required when authorization is enabled";
  static final String CANNOT_GRANT = "forbidden: claims exceed the caller's own";
  static final String CANNOT_SEE_SOURCE =
      "forbidden: the caller's claims do not reach the managed source";
  static final String CANNOT_SEE_ENTRY = "forbidden: the caller's claims do not reach this entry";

  private final RegistryStore registries;
  private final ManagedEntryStore store;
  private final ServerDocumentCheck servers;
  private final ExtensionDocumentCheck extensions;

  public PublishEntriesService(
      RegistryStore registries,
      ManagedEntryStore store,
      ServerDocumentCheck servers,
      ExtensionDocumentCheck extensions) {
    this.registries = Objects.requireNonNull(registries, "'registries' must not be null");
    this.store = Objects.requireNonNull(store, "'store' must not be null");
    this.servers = Objects.requireNonNull(servers, "'servers' must not be null");
    this.extensions = Objects.requireNonNull(extensions, "'extensions' must not be null");
  }

  @Override
  public PublishedEntry publish(EntryType type, String document, Claims claims, Caller caller) {
    Objects.requireNonNull(type, "'type' must not be null");
    Objects.requireNonNull(document, "'document' must not be null");
    Objects.requireNonNull(claims, "'claims' must not be null");
    caller.require(Role.MANAGE_ENTRIES);
    // Claims are checked exactly when the caller carries claims: authz is on. Untagged entries
    // would then be visible to superAdmin alone, which nobody publishing means.
    if (caller.claims().isPresent() && claims.isEmpty()) {
      throw new ValidationException("claims", null, CLAIMS_REQUIRED);
    }
    if (!claims.isEmpty() && !caller.canGrant(claims)) {
      throw new AccessDeniedException(CANNOT_GRANT);
    }
    SourceDefinition managed = managedSource();
    // ToolHive #845: publishing must not reach past the managed source's own claims, or one tenant
    // could squat names in another's catalog.
    if (!caller.canSee(managed.claims())) {
      throw new AccessDeniedException(CANNOT_SEE_SOURCE);
    }
    Consumer<Claims> owner =
        existing -> {
          if (!existing.sameAs(claims)) {
            throw new ConflictException(ConflictException.CLAIMS_MISMATCH);
          }
        };
    PublishedEntry published;
    if (type.extension().isEmpty()) {
      ServerManifest server = checkedServer(document).withClaims(claims);
      published =
          published(
              type,
              server.name().value(),
              server.version().value(),
              server.document(),
              store.publishServer(managed.name(), server, owner));
    } else {
      ExtensionEntry entry = checkedExtension(type.extension().get(), document).withClaims(claims);
      published =
          published(
              type,
              entry.id().name(),
              entry.version().value(),
              entry.document(),
              store.publishExtension(managed.name(), entry, owner));
    }
    LOG.log(
        Level.INFO,
        "published "
            + type.wireName()
            + " "
            + published.name()
            + "@"
            + published.version()
            + " into source "
            + managed.name()
            + (published.latest() ? " (now latest)" : "")
            + CallerPhrase.by(caller));
    return published;
  }

  @Override
  public void delete(EntryType type, String name, String version, Caller caller) {
    Objects.requireNonNull(type, "'type' must not be null");
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(version, "'version' must not be null");
    caller.require(Role.MANAGE_ENTRIES);
    SourceDefinition managed = managedSource();
    if (!store.deleteVersion(managed.name(), type, name, version, visibleTo(caller))) {
      throw new EntryNotFoundException(type, name, version);
    }
    LOG.log(
        Level.INFO,
        "deleted "
            + type.wireName()
            + " "
            + name
            + "@"
            + version
            + " from source "
            + managed.name()
            + CallerPhrase.by(caller));
  }

  @Override
  public Claims claims(EntryType type, String name, Caller caller) {
    Objects.requireNonNull(type, "'type' must not be null");
    Objects.requireNonNull(name, "'name' must not be null");
    caller.require(Role.MANAGE_ENTRIES);
    Claims claims =
        store
            .claims(managedSource().name(), type, name)
            .orElseThrow(() -> new EntryNotFoundException(type, name, null));
    visibleTo(caller).accept(claims);
    return claims;
  }

  @Override
  public void changeClaims(EntryType type, String name, Claims claims, Caller caller) {
    Objects.requireNonNull(type, "'type' must not be null");
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(claims, "'claims' must not be null");
    caller.require(Role.MANAGE_ENTRIES);
    // One rule for every write of claims: clearing them is granting "superAdmin only", which the
    // domain's subset rule refuses to a caller whose claims are checked.
    if (!caller.canGrant(claims)) {
      throw new AccessDeniedException(CANNOT_GRANT);
    }
    SourceDefinition managed = managedSource();
    if (!store.replaceClaims(managed.name(), type, name, claims, visibleTo(caller))) {
      throw new EntryNotFoundException(type, name, null);
    }
    LOG.log(
        Level.INFO,
        "changed the claims of "
            + type.wireName()
            + " "
            + name
            + " in source "
            + managed.name()
            + CallerPhrase.by(caller));
  }

  private static PublishedEntry published(
      EntryType type, String name, String version, String document, StoredVersion stored) {
    return new PublishedEntry(
        type,
        name,
        version,
        document,
        stored.id(),
        stored.latest(),
        stored.createdAt(),
        stored.updatedAt());
  }

  /** Acting on an existing entry needs to see it; ToolHive answers 403, not 404, then. */
  private static Consumer<Claims> visibleTo(Caller caller) {
    return existing -> {
      if (!caller.canSee(existing)) {
        throw new AccessDeniedException(CANNOT_SEE_ENTRY);
      }
    };
  }

  private SourceDefinition managedSource() {
    // Configuration allows one managed source at most.
    return registries.listSources().stream()
        .filter(s -> s.kind() instanceof SourceKind.Managed)
        .findFirst()
        .orElseThrow(() -> new ConflictException(ConflictException.NO_MANAGED_SOURCE));
  }

  private ServerManifest checkedServer(String document) {
    SourceSnapshot snapshot = servers.check(List.of(document), "published");
    refuseRejected(snapshot, "server");
    return snapshot.servers().get(0);
  }

  private ExtensionEntry checkedExtension(ExtensionKind kind, String document) {
    SourceSnapshot snapshot = extensions.check(kind, List.of(document));
    refuseRejected(snapshot, kind.singular());
    return snapshot.extensions().get(0);
  }

  /** The first rule the document broke, as a 400 naming the field inside the request body. */
  private static void refuseRejected(SourceSnapshot snapshot, String member) {
    if (snapshot.rejections().isEmpty()) {
      return;
    }
    EntryRejection rejection = snapshot.rejections().get(0);
    String field = rejection.field();
    throw new ValidationException(
        field.isEmpty() ? member : field.startsWith(member) ? field : member + "." + field,
        rejection.value(),
        rejection.reason());
  }
}
