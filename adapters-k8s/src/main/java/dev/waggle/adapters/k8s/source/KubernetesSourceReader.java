package dev.waggle.adapters.k8s.source;

import dev.waggle.adapters.k8s.source.ExportedEntries.ExportedEntry;
import dev.waggle.adapters.k8s.source.ExportedEntries.UnusableAnnotationException;
import dev.waggle.application.port.out.FetchedSource;
import dev.waggle.application.port.out.ServerDocumentCheck;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.application.port.out.SourceReader;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceSnapshot;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Kubernetes adapter: {@link SourceReader} of {@code kubernetes} sources. It reads the exported
 * objects from the source's watcher's informer caches — no call to the API server — and hands their
 * {@code server.json} documents to the same rules every source's entries meet, so the sync engine
 * validates, filters, stores and records a kubernetes source like any other.
 */
public final class KubernetesSourceReader implements SourceReader {
  private static final String CLAIMS_FIELD = "metadata.annotations";

  private final KubernetesSources sources;
  private final ServerDocumentCheck check;
  private final KubernetesSourceSettings settings;

  public KubernetesSourceReader(
      KubernetesSources sources, ServerDocumentCheck check, KubernetesSourceSettings settings) {
    this.sources = Objects.requireNonNull(sources, "'sources' must not be null");
    this.check = Objects.requireNonNull(check, "'check' must not be null");
    this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
  }

  @Override
  public boolean supports(SourceKind kind) {
    return kind instanceof SourceKind.Kubernetes;
  }

  @Override
  public SourceSnapshot read(SourceDefinition source) throws SourceReadException {
    return fetch(source).parse();
  }

  /**
   * The exported objects as they are now, known by a hash of their documents and claims, so that a
   * check of an unchanged cluster writes nothing; the rules run only when that hash moved.
   */
  @Override
  public FetchedSource fetch(SourceDefinition source) throws SourceReadException {
    KubernetesSourceWatcher watcher =
        sources
            .watcher(source.name())
            .orElseThrow(
                () ->
                    new SourceReadException(
                        "kubernetes source "
                            + source.name()
                            + " is not watched by this process; kubernetes sources come from the"
                            + " configuration file"));
    if (!watcher.awaitListed(settings.listWait())) {
      throw new SourceReadException(
          "the Kubernetes API server has not listed the MCPServer, VirtualMCPServer and"
              + " MCPRemoteProxy objects of "
              + watcher.scope()
              + " within "
              + settings.listWait().toSeconds()
              + " s; the watch keeps trying");
    }
    Exported exported = exported(watcher);
    String hash = exported.hash();
    return new FetchedSource(hash, () -> exported.checked(check, hash));
  }

  /** Every exported object as an entry, or as a rejection when its annotations are unusable. */
  private static Exported exported(KubernetesSourceWatcher watcher) {
    List<ExportedEntry> entries = new ArrayList<>();
    List<UnusableAnnotationException> unusable = new ArrayList<>();
    watcher
        .objects()
        .forEach(
            (kind, objects) -> {
              for (GenericKubernetesResource object : objects) {
                try {
                  ExportedEntries.toEntry(kind, object).ifPresent(entries::add);
                } catch (UnusableAnnotationException e) {
                  unusable.add(e);
                }
              }
            });
    // Informer caches list in no particular order; every replica must hash the same cluster alike.
    entries.sort(Comparator.comparing(ExportedEntry::name).thenComparing(ExportedEntry::where));
    unusable.sort(Comparator.comparing(e -> e.getMessage()));
    return new Exported(entries, unusable);
  }

  private record Exported(List<ExportedEntry> entries, List<UnusableAnnotationException> unusable) {

    String hash() {
      MessageDigest digest;
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is not available", e);
      }
      for (ExportedEntry entry : entries) {
        update(digest, entry.where());
        update(digest, entry.document());
        update(digest, new TreeMap<>(entry.claims().values()).toString());
      }
      for (UnusableAnnotationException e : unusable) {
        update(digest, e.getMessage());
      }
      return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, String text) {
      digest.update(text.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
    }

    /**
     * The entries through the server.json rules, each object's own claims on its manifest, and
     * every object left out named: by the rules, for an unusable annotation, or for sharing its
     * name with another object (two kinds of one namespace and name).
     */
    SourceSnapshot checked(ServerDocumentCheck check, String hash) {
      List<EntryRejection> rejections = new ArrayList<>();
      List<String> documents = new ArrayList<>();
      List<ExportedEntry> checkedEntries = new ArrayList<>();
      List<Integer> positions = new ArrayList<>();
      Map<String, ExportedEntry> firstByName = new HashMap<>();
      int index = 0;
      for (ExportedEntry entry : entries) {
        ExportedEntry first = firstByName.putIfAbsent(entry.name(), entry);
        if (first != null) {
          rejections.add(
              new EntryRejection(
                  index++,
                  entry.name(),
                  "name",
                  entry.where(),
                  "the same name as " + first.where() + ", which is kept"));
          continue;
        }
        documents.add(entry.document());
        checkedEntries.add(entry);
        positions.add(index++);
      }
      SourceSnapshot snapshot = check.check(documents, hash);
      for (EntryRejection r : snapshot.rejections()) {
        ExportedEntry entry = checkedEntries.get(r.index());
        rejections.add(
            new EntryRejection(
                positions.get(r.index()),
                r.entryName() == null ? entry.name() : r.entryName(),
                r.field(),
                r.value(),
                r.reason() + " (" + entry.where() + ")"));
      }
      for (UnusableAnnotationException e : unusable) {
        rejections.add(
            new EntryRejection(
                index++, e.entryName, CLAIMS_FIELD + "[" + e.annotation + "]", e.value, e.reason));
      }
      Map<String, Claims> claims = new HashMap<>();
      checkedEntries.forEach(entry -> claims.put(entry.name(), entry.claims()));
      List<ServerManifest> servers =
          snapshot.servers().stream()
              .map(
                  m -> {
                    Claims own = claims.getOrDefault(m.name().value(), Claims.NONE);
                    return own.isEmpty() ? m : m.withClaims(own);
                  })
              .toList();
      rejections.sort(Comparator.comparingInt(EntryRejection::index));
      return new SourceSnapshot(servers, rejections, hash);
    }
  }
}
