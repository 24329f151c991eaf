package dev.waggle.adapters.k8s.source;

import static dev.waggle.adapters.k8s.source.TestMcpServers.exportedServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waggle.adapters.k8s.WithCrudApiServer;
import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.out.SourceReader;
import dev.waggle.application.service.DocumentSourceReader;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes sources that the configuration does not declare — created, changed and deleted through
 * the admin API — on fabric8's mock API server: the first sync that reads one starts its watch, a
 * change of namespaces watches anew, and a deleted one's watch stops.
 */
@WithCrudApiServer
class KubernetesSourcesFollowTest {
  private static final SourceName SOURCE = SourceName.of("pasted");
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final KubernetesSourceSettings SETTINGS =
      new KubernetesSourceSettings(List.of(), Duration.ofMillis(50), Duration.ofSeconds(5));

  KubernetesClient client;
  private KubernetesSources sources;

  @AfterEach
  void close() {
    if (sources != null) {
      sources.close();
    }
  }

  /** Like the module's: nothing configured, watchers made on demand for the engine given. */
  private EngineStandIn follow(SourceDefinition source) {
    EngineStandIn engine = new EngineStandIn(source, 0);
    sources =
        new KubernetesSources(
            List.of(),
            definition -> new KubernetesSourceWatcher(client, () -> engine, definition, SETTINGS),
            () -> {});
    engine.readThrough(reader());
    return engine;
  }

  private SourceReader reader() {
    return new DocumentSourceReader(
        new KubernetesServerDocumentSource(sources, SETTINGS), new DescriptionLengthCheck());
  }

  @Test
  void
      givenASourceCreatedThroughTheApi_whenItsFirstSyncRuns_thenItServesWhatExistsAndLaterChanges() {
    apply(exportedServer("team-a", "github"));
    EngineStandIn engine = follow(source(List.of("team-a")));

    // What the admin service's sync request after the PUT does.
    engine.syncNow(SOURCE);

    assertThat(engine.servedNames()).containsExactly("com.toolhive.k8s.team-a/github");
    apply(exportedServer("team-a", "jira"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(engine.servedNames())
                    .containsExactly(
                        "com.toolhive.k8s.team-a/github", "com.toolhive.k8s.team-a/jira"));
  }

  @Test
  void givenASourceWhoseNamespacesChanged_whenItIsSyncedAgain_thenTheNewNamespacesAreWatched() {
    apply(exportedServer("team-a", "github"));
    apply(exportedServer("team-b", "jira"));
    EngineStandIn engine = follow(source(List.of("team-a")));
    engine.syncNow(SOURCE);
    KubernetesSourceWatcher before = sources.watcher(SOURCE).orElseThrow();

    // What the admin service does on a PUT that changes the namespaces: store it, then sync. The
    // engine reads the stored definition, so the new watcher's own first sync reads team-b too.
    engine.redefine(source(List.of("team-b")));
    SyncOutcome outcome = engine.syncNow(SOURCE);

    assertThat(outcome.result()).isEqualTo(SyncOutcome.Result.UPDATED);
    assertThat(engine.servedNames()).containsExactly("com.toolhive.k8s.team-b/jira");
    assertThat(before.isClosed()).isTrue();
    assertThat(sources.watcher(SOURCE)).hasValueSatisfying(w -> assertThat(w).isNotSameAs(before));
  }

  @Test
  void givenASourceDeletedThroughTheApi_whenAnObjectChanges_thenItsWatchStops() {
    EngineStandIn engine = follow(source(List.of("team-a")));
    engine.syncNow(SOURCE);
    KubernetesSourceWatcher watcher = sources.watcher(SOURCE).orElseThrow();

    engine.delete();
    apply(exportedServer("team-a", "github"));

    await().atMost(WAIT).until(watcher::isClosed);
    assertThat(sources.watcher(SOURCE)).isEmpty();
  }

  private static SourceDefinition source(List<String> namespaces) {
    return new SourceDefinition(
        SOURCE,
        new SourceKind.Kubernetes(namespaces),
        Optional.empty(),
        EntryFilter.NONE,
        Claims.NONE);
  }

  private void apply(GenericKubernetesResource resource) {
    client
        .genericKubernetesResources(ExportedKind.MCP_SERVER.context())
        .inNamespace(resource.getMetadata().getNamespace())
        .resource(resource)
        .create();
  }
}
