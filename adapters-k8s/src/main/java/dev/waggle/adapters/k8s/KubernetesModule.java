package dev.waggle.adapters.k8s;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.waggle.adapters.k8s.source.KubernetesServerDocumentSource;
import dev.waggle.adapters.k8s.source.KubernetesSourceSettings;
import dev.waggle.adapters.k8s.source.KubernetesSourceWatcher;
import dev.waggle.adapters.k8s.source.KubernetesSources;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.application.port.out.ServerDocumentSource;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Kubernetes adapter: the Guice module of the {@code kubernetes} source. Given the configured
 * sources it provides {@link KubernetesSources}, one watcher per kubernetes source asking the bound
 * {@link TriggerSync} for syncs, and contributes the {@link ServerDocumentSource} that reads the
 * watchers' caches; a Kubernetes client is made only when there is such a source.
 */
public final class KubernetesModule extends AbstractModule {
  private final List<SourceDefinition> sources;
  private final KubernetesSourceSettings settings;
  private final Supplier<KubernetesClient> clients;

  /** Reads the source settings from the environment and the cluster from KUBECONFIG/in-cluster. */
  public KubernetesModule(List<SourceDefinition> sources) {
    this(
        sources,
        KubernetesSourceSettings.fromEnvironment(System.getenv()),
        () -> new KubernetesClientBuilder().build());
  }

  /**
   * @param sources all configured sources; those of other kinds are ignored
   * @param clients makes the client the watchers share; called at most once
   */
  public KubernetesModule(
      List<SourceDefinition> sources,
      KubernetesSourceSettings settings,
      Supplier<KubernetesClient> clients) {
    this.sources =
        Objects.requireNonNull(sources, "'sources' must not be null").stream()
            .filter(source -> source.kind() instanceof SourceKind.Kubernetes)
            .toList();
    this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
    this.clients = Objects.requireNonNull(clients, "'clients' must not be null");
  }

  @Override
  protected void configure() {
    Multibinder.newSetBinder(binder(), ServerDocumentSource.class)
        .addBinding()
        .to(KubernetesServerDocumentSource.class);
  }

  /**
   * The engine is looked up lazily: it reads through this module's document source, which reads
   * these watchers.
   */
  @Provides
  @Singleton
  KubernetesSources kubernetesSources(Provider<TriggerSync> sync) {
    if (sources.isEmpty()) {
      return new KubernetesSources(List.of(), () -> {});
    }
    KubernetesClient client = clients.get();
    return new KubernetesSources(
        sources.stream()
            .map(source -> new KubernetesSourceWatcher(client, sync::get, source, settings))
            .toList(),
        client::close);
  }

  @Provides
  @Singleton
  KubernetesServerDocumentSource kubernetesServerDocumentSource(KubernetesSources watchers) {
    return new KubernetesServerDocumentSource(watchers, settings);
  }
}
