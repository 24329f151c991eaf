package dev.waggle.adapters.k8s.source;

import static dev.waggle.adapters.k8s.source.TestMcpServers.exportedServer;
import static dev.waggle.adapters.k8s.source.TestMcpServers.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waggle.adapters.k8s.WithCrudApiServer;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kubernetes source on fabric8's mock API server, watching two namespaces: what it serves after
 * each add, update, un-export and delete.
 */
@WithCrudApiServer
class KubernetesSourceWatcherTest {
  private static final SourceName SOURCE = SourceName.of("cluster");
  private static final Duration WAIT = Duration.ofSeconds(10);

  KubernetesClient client;
  private final List<KubernetesSourceWatcher> watchers = new ArrayList<>();

  @AfterEach
  void closeWatchers() {
    watchers.forEach(KubernetesSourceWatcher::close);
  }

  @Test
  void givenExportedServersInTwoNamespaces_whenTheSourceStarts_thenItServesBoth() {
    apply(exportedServer("team-a", "github"));
    apply(exportedServer("team-b", "jira"));
    RecordingSourcePush store = new RecordingSourcePush();

    start(store, source(List.of("team-a", "team-b")), settings(false, "replica-1"));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(store.servedNames(SOURCE))
                    .containsExactly(
                        "com.toolhive.k8s.team-a/github", "com.toolhive.k8s.team-b/jira"));
  }

  @Test
  void
      givenTwoNamespaces_whenObjectsAreAddedUpdatedUnexportedAndDeleted_thenEveryStepKeepsTheOtherNamespace() {
    RecordingSourcePush store = new RecordingSourcePush();
    start(store, source(List.of("team-a", "team-b")), settings(false, "replica-1"));
    await().atMost(WAIT).until(() -> store.hasWritten(SOURCE));

    // add, one per namespace
    apply(exportedServer("team-a", "github"));
    apply(exportedServer("team-b", "jira"));
    awaitServed(store, "com.toolhive.k8s.team-a/github", "com.toolhive.k8s.team-b/jira");

    // update in team-b: team-a's entry must survive (ToolHive #886)
    edit(
        ExportedKind.MCP_SERVER,
        "team-b",
        "jira",
        r -> r.getMetadata().getAnnotations().put(ExportedEntries.DESCRIPTION, "Jira, updated"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(store.served(SOURCE, "com.toolhive.k8s.team-b/jira"))
                    .hasValueSatisfying(
                        m -> assertThat(m.description()).isEqualTo("Jira, updated")));
    assertThat(store.servedNames(SOURCE)).contains("com.toolhive.k8s.team-a/github");

    // add a second object in team-a, then un-export it
    apply(exportedServer("team-a", "slack"));
    awaitServed(
        store,
        "com.toolhive.k8s.team-a/github",
        "com.toolhive.k8s.team-a/slack",
        "com.toolhive.k8s.team-b/jira");
    edit(
        ExportedKind.MCP_SERVER,
        "team-a",
        "slack",
        r -> r.getMetadata().getAnnotations().put(ExportedEntries.EXPORT, "false"));
    awaitServed(store, "com.toolhive.k8s.team-a/github", "com.toolhive.k8s.team-b/jira");

    // delete in team-a
    client
        .genericKubernetesResources(ExportedKind.MCP_SERVER.context())
        .inNamespace("team-a")
        .withName("github")
        .delete();
    awaitServed(store, "com.toolhive.k8s.team-b/jira");
  }

  @Test
  void givenAnObjectWithoutTheExportAnnotation_whenANeighbourChanges_thenItIsStillNotServed() {
    GenericKubernetesResource hidden = exportedServer("team-a", "internal");
    hidden.getMetadata().getAnnotations().remove(ExportedEntries.EXPORT);
    apply(hidden);
    RecordingSourcePush store = new RecordingSourcePush();
    start(store, source(List.of("team-a", "team-b")), settings(false, "replica-1"));

    apply(exportedServer("team-a", "github"));

    awaitServed(store, "com.toolhive.k8s.team-a/github");
  }

  @Test
  void givenAnUnwatchedNamespace_whenItHasExportedObjects_thenTheyAreNotServed() {
    apply(exportedServer("team-a", "github"));
    apply(exportedServer("elsewhere", "secret"));
    RecordingSourcePush store = new RecordingSourcePush();

    start(store, source(List.of("team-a", "team-b")), settings(false, "replica-1"));

    awaitServed(store, "com.toolhive.k8s.team-a/github");
  }

  @Test
  void givenNoNamespaces_whenTheSourceStarts_thenItWatchesTheWholeCluster() {
    apply(exportedServer("team-a", "github"));
    apply(exportedServer("elsewhere", "jira"));
    RecordingSourcePush store = new RecordingSourcePush();

    start(store, source(List.of()), settings(false, "replica-1"));

    awaitServed(store, "com.toolhive.k8s.elsewhere/jira", "com.toolhive.k8s.team-a/github");
  }

  @Test
  void givenAllThreeKinds_whenExported_thenEachBecomesAnEntry() {
    apply(exportedServer("team-a", "github"));
    GenericKubernetesResource virtual =
        resource(ExportedKind.VIRTUAL_MCP_SERVER, "team-a", "gateway");
    virtual.getMetadata().setAnnotations(TestMcpServers.exportAnnotations("gateway"));
    apply(virtual, ExportedKind.VIRTUAL_MCP_SERVER);
    GenericKubernetesResource proxy = resource(ExportedKind.MCP_REMOTE_PROXY, "team-b", "notion");
    proxy.getMetadata().setAnnotations(TestMcpServers.exportAnnotations("notion"));
    apply(proxy, ExportedKind.MCP_REMOTE_PROXY);
    RecordingSourcePush store = new RecordingSourcePush();

    start(store, source(List.of("team-a", "team-b")), settings(false, "replica-1"));

    awaitServed(
        store,
        "com.toolhive.k8s.team-a/gateway",
        "com.toolhive.k8s.team-a/github",
        "com.toolhive.k8s.team-b/notion");
  }

  @Test
  void givenAuthzClaims_whenServed_thenEachEntryCarriesItsOwnClaimsEvenAfterARestart() {
    GenericKubernetesResource github = exportedServer("team-a", "github");
    github.getMetadata().getAnnotations().put(ExportedEntries.AUTHZ_CLAIMS, "{\"org\":\"acme\"}");
    apply(github);
    apply(exportedServer("team-b", "jira"));
    GenericKubernetesResource broken = exportedServer("team-b", "broken");
    broken.getMetadata().getAnnotations().put(ExportedEntries.AUTHZ_CLAIMS, "{\"org\": 42}");
    apply(broken);
    SourceDefinition source =
        new SourceDefinition(
            SOURCE,
            new SourceKind.Kubernetes(List.of("team-a", "team-b")),
            Optional.empty(),
            EntryFilter.NONE,
            Claims.of("team", "platform"));
    RecordingSourcePush before = new RecordingSourcePush();
    KubernetesSourceWatcher first = start(before, source, settings(false, "replica-1"));
    awaitServed(before, "com.toolhive.k8s.team-a/github", "com.toolhive.k8s.team-b/jira");
    first.close();

    RecordingSourcePush after = new RecordingSourcePush();
    start(after, source, settings(false, "replica-1"));

    awaitServed(after, "com.toolhive.k8s.team-a/github", "com.toolhive.k8s.team-b/jira");
    assertThat(after.served(SOURCE, "com.toolhive.k8s.team-a/github").orElseThrow().claims())
        .isEqualTo(Claims.of("org", "acme"));
    assertThat(after.served(SOURCE, "com.toolhive.k8s.team-b/jira").orElseThrow().claims())
        .isEqualTo(Claims.of("team", "platform"));
  }

  @Test
  void givenTwoReplicas_whenBothWatchTheSameSource_thenOnlyTheLeaderWritesAndTheOtherTakesOver() {
    apply(exportedServer("team-a", "github"));
    RecordingSourcePush leaderStore = new RecordingSourcePush();
    RecordingSourcePush followerStore = new RecordingSourcePush();
    SourceDefinition source = source(List.of("team-a"));
    KubernetesSourceWatcher leader = start(leaderStore, source, settings(true, "replica-1"));
    await().atMost(WAIT).until(leader::isLeading);
    KubernetesSourceWatcher follower = start(followerStore, source, settings(true, "replica-2"));
    awaitServed(leaderStore, "com.toolhive.k8s.team-a/github");

    apply(exportedServer("team-a", "jira"));
    awaitServed(leaderStore, "com.toolhive.k8s.team-a/github", "com.toolhive.k8s.team-a/jira");
    assertThat(follower.isLeading()).isFalse();
    assertThat(followerStore.writes()).isZero();
    assertThat(client.leases().inNamespace("test").withName("waggle-test-cluster").get())
        .satisfies(lease -> assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-1"));

    leader.close();

    await().atMost(WAIT).until(follower::isLeading);
    awaitServed(followerStore, "com.toolhive.k8s.team-a/github", "com.toolhive.k8s.team-a/jira");
  }

  private KubernetesSourceWatcher start(
      RecordingSourcePush store, SourceDefinition source, KubernetesSourceSettings settings) {
    KubernetesSourceWatcher watcher = new KubernetesSourceWatcher(client, store, source, settings);
    watchers.add(watcher);
    watcher.start();
    return watcher;
  }

  private static SourceDefinition source(List<String> namespaces) {
    return new SourceDefinition(
        SOURCE, new SourceKind.Kubernetes(namespaces), Optional.empty(), EntryFilter.NONE, null);
  }

  private static KubernetesSourceSettings settings(boolean leaderElection, String identity) {
    return new KubernetesSourceSettings(
        "waggle-test",
        List.of(),
        "test",
        identity,
        leaderElection,
        Duration.ofSeconds(2),
        Duration.ofMillis(1500),
        Duration.ofMillis(200),
        Duration.ofMillis(50));
  }

  private void apply(GenericKubernetesResource resource) {
    apply(resource, ExportedKind.MCP_SERVER);
  }

  private void apply(GenericKubernetesResource resource, ExportedKind kind) {
    client
        .genericKubernetesResources(kind.context())
        .inNamespace(resource.getMetadata().getNamespace())
        .resource(resource)
        .create();
  }

  private void edit(
      ExportedKind kind, String namespace, String name, Consumer<GenericKubernetesResource> edit) {
    var resource =
        client.genericKubernetesResources(kind.context()).inNamespace(namespace).withName(name);
    GenericKubernetesResource live = resource.get();
    edit.accept(live);
    client
        .genericKubernetesResources(kind.context())
        .inNamespace(namespace)
        .resource(live)
        .update();
  }

  private static void awaitServed(RecordingSourcePush store, String... names) {
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(store.servedNames(SOURCE)).containsExactly(names));
  }
}
