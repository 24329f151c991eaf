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
 * {@link TriggerSync} for syncs (and more for those the admin API creates), and contributes the
 * {@link ServerDocumentSource} that reads the watchers' caches; a Kubernetes client is made only
 * when there is such a source.
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
    // Made at the first watcher, so that without a kubernetes source no cluster is contacted;
    // one created through the admin API later makes it then.
    SharedClient client = new SharedClient(clients);
    return new KubernetesSources(
        sources.stream()
            .map(source -> new KubernetesSourceWatcher(client.get(), sync::get, source, settings))
            .toList(),
        source -> new KubernetesSourceWatcher(client.get(), sync::get, source, settings),
        client::close);
  }

  /** The one client every watcher shares, made when the first one needs it. */
  private static final class SharedClient implements Supplier<KubernetesClient> {
    private final Supplier<KubernetesClient> clients;
    private KubernetesClient client;

    SharedClient(Supplier<KubernetesClient> clients) {
      this.clients = clients;
    }

    @Override
    public synchronized KubernetesClient get() {
      if (client == null) {
        client = clients.get();
      }
      return client;
    }

    synchronized void close() {
      if (client != null) {
        client.close();
      }
    }
  }

  @Provides
  @Singleton
  KubernetesServerDocumentSource kubernetesServerDocumentSource(KubernetesSources watchers) {
    return new KubernetesServerDocumentSource(watchers, settings);
  }
}
