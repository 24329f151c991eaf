package dev.waggle.adapters.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import dev.waggle.adapters.k8s.source.KubernetesSourceSettings;
import dev.waggle.adapters.k8s.source.KubernetesSourceWatcher;
import dev.waggle.adapters.k8s.source.KubernetesSources;
import dev.waggle.adapters.k8s.source.RecordingSourcePush;
import dev.waggle.application.port.in.PushSourceContents;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@WithCrudApiServer
class KubernetesModuleTest {
  KubernetesClient client;
  private final AtomicInteger clientsMade = new AtomicInteger();

  @Test
  void eachKubernetesSourceGetsAWatcherAndOtherKindsAreIgnored() {
    SourceDefinition cluster = kubernetes("cluster", List.of());
    SourceDefinition teams = kubernetes("teams", List.of("team-a"));
    SourceDefinition managed =
        new SourceDefinition(
            SourceName.of("publish"),
            new SourceKind.Managed(),
            Optional.empty(),
            EntryFilter.NONE,
            null);

    KubernetesSources sources = sources(List.of(cluster, managed, teams));

    assertThat(sources.watchers())
        .extracting(KubernetesSourceWatcher::source)
        .containsExactly(cluster, teams);
    assertThat(clientsMade).hasValue(1);
  }

  @Test
  void withoutKubernetesSourcesNoClusterIsContacted() {
    KubernetesSources sources = sources(List.of());

    sources.start();
    sources.close();

    assertThat(sources.watchers()).isEmpty();
    assertThat(clientsMade).hasValue(0);
  }

  private KubernetesSources sources(List<SourceDefinition> definitions) {
    KubernetesSourceSettings settings = KubernetesSourceSettings.fromEnvironment(Map.of());
    return Guice.createInjector(
            new KubernetesModule(
                definitions,
                new KubernetesSourceSettings(
                    settings.leaderElectionId(),
                    List.of(),
                    null,
                    "test",
                    false,
                    Duration.ofSeconds(15),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(2),
                    Duration.ofMillis(50)),
                () -> {
                  clientsMade.incrementAndGet();
                  return client;
                }),
            new AbstractModule() {
              @Override
              protected void configure() {
                bind(PushSourceContents.class).toInstance(new RecordingSourcePush());
              }
            })
        .getInstance(KubernetesSources.class);
  }

  private static SourceDefinition kubernetes(String name, List<String> namespaces) {
    return new SourceDefinition(
        SourceName.of(name),
        new SourceKind.Kubernetes(namespaces),
        Optional.empty(),
        EntryFilter.NONE,
        null);
  }
}
