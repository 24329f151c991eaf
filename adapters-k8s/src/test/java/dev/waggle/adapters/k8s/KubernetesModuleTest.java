package dev.waggle.adapters.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.waggle.adapters.k8s.source.KubernetesSourceSettings;
import dev.waggle.adapters.k8s.source.KubernetesSourceWatcher;
import dev.waggle.adapters.k8s.source.KubernetesSources;
import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.application.port.out.ServerDocumentSource;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

  @Test
  void theKubernetesDocumentSourceJoinsTheSourcesTheEngineReads() {
    Injector injector = injector(List.of(kubernetes("cluster", List.of())));

    Set<ServerDocumentSource> readers =
        injector.getInstance(Key.get(new TypeLiteral<Set<ServerDocumentSource>>() {}));

    assertThat(readers)
        .singleElement()
        .satisfies(
            reader -> {
              assertThat(reader.supports(new SourceKind.Kubernetes(List.of()))).isTrue();
              assertThat(reader.supports(new SourceKind.Managed())).isFalse();
            });
  }

  private KubernetesSources sources(List<SourceDefinition> definitions) {
    return injector(definitions).getInstance(KubernetesSources.class);
  }

  private Injector injector(List<SourceDefinition> definitions) {
    return Guice.createInjector(
        new KubernetesModule(
            definitions,
            new KubernetesSourceSettings(List.of(), Duration.ofMillis(50), Duration.ofSeconds(5)),
            () -> {
              clientsMade.incrementAndGet();
              return client;
            }),
        new AbstractModule() {
          @Override
          protected void configure() {
            bind(TriggerSync.class)
                .toInstance(
                    new TriggerSync() {
                      @Override
                      public List<SyncOutcome> syncDue() {
                        return List.of();
                      }

                      @Override
                      public SyncOutcome syncNow(SourceName source) {
                        return new SyncOutcome(source, SyncOutcome.Result.UNCHANGED, 0, 0, "");
                      }
                    });
          }
        });
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
