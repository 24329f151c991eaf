package dev.waggle.adapters.k8s.source;

import dev.waggle.adapters.k8s.source.ExportedEntries.ExportedEntry;
import dev.waggle.adapters.k8s.source.ExportedEntries.UnusableAnnotationException;
import dev.waggle.application.port.out.ServerDocumentSource;
import dev.waggle.application.port.out.ServerDocuments;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Kubernetes adapter: {@link ServerDocumentSource} of {@code kubernetes} sources. It reads the
 * exported objects from the source's watcher's informer caches — no call to the API server — as
 * {@code server.json} documents, which the application checks, filters, stores and records like
 * every other source's entries.
 */
public final class KubernetesServerDocumentSource implements ServerDocumentSource {
  private final KubernetesSources sources;
  private final KubernetesSourceSettings settings;

  public KubernetesServerDocumentSource(
      KubernetesSources sources, KubernetesSourceSettings settings) {
    this.sources = Objects.requireNonNull(sources, "'sources' must not be null");
    this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
  }

  @Override
  public boolean supports(SourceKind kind) {
    return kind instanceof SourceKind.Kubernetes;
  }

  /**
   * Reads through the source's watcher, which is started here when the source has none yet (it was
   * created through the admin API, or on another replica) or watches other namespaces now.
   *
   * @throws SourceReadException when this process cannot watch the source, or its watch has not
   *     listed what exists within the settings' wait
   */
  @Override
  public ServerDocuments read(SourceDefinition source) throws SourceReadException {
    KubernetesSourceWatcher watcher =
        sources
            .follow(source)
            .orElseThrow(
                () ->
                    new SourceReadException(
                        "kubernetes source " + source.name() + " is not watched by this process"));
    if (!watcher.awaitListed(settings.listWait())) {
      throw new SourceReadException(
          "the Kubernetes API server has not listed the MCPServer, VirtualMCPServer and"
              + " MCPRemoteProxy objects of "
              + watcher.scope()
              + " within "
              + settings.listWait().toSeconds()
              + " s; the watch keeps trying");
    }
    List<ServerDocuments.Document> documents = new ArrayList<>();
    List<ServerDocuments.Refused> refused = new ArrayList<>();
    watcher
        .objects()
        .forEach(
            (kind, objects) -> {
              for (GenericKubernetesResource object : objects) {
                try {
                  ExportedEntries.toEntry(kind, object)
                      .map(this::document)
                      .ifPresent(documents::add);
                } catch (UnusableAnnotationException e) {
                  refused.add(
                      new ServerDocuments.Refused(
                          e.entryName,
                          e.where,
                          "metadata.annotations[" + e.annotation + "]",
                          e.value,
                          e.reason));
                }
              }
            });
    return new ServerDocuments(documents, refused);
  }

  private ServerDocuments.Document document(ExportedEntry entry) {
    return new ServerDocuments.Document(
        entry.name(), entry.where(), entry.document(), entry.claims());
  }
}
