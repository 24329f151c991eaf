package dev.waggle.adapters.k8s.source;

import static dev.waggle.adapters.k8s.source.TestMcpServers.exportedServer;
import static dev.waggle.adapters.k8s.source.TestMcpServers.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.waggle.adapters.k8s.WithCrudApiServer;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.application.port.out.SourceReader;
import dev.waggle.application.service.DocumentSourceReader;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.EntryRejection;
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
 * The kubernetes source on fabric8's mock API server, watching two namespaces: what its reader
 * hands the sync engine after each add, update, un-export and delete, which objects it names as
 * rejected, and when it asks the engine for a sync.
 */
@WithCrudApiServer
class KubernetesSourceWatcherTest {
  private static final SourceName SOURCE = SourceName.of("cluster");
  private static final Duration WAIT = Duration.ofSeconds(10);

  KubernetesClient client;
  private final List<KubernetesSources> started = new ArrayList<>();

  @AfterEach
  void closeWatchers() {
    started.forEach(KubernetesSources::close);
  }

  @Test
  void givenExportedServersInTwoNamespaces_whenTheSourceStarts_thenItServesBoth() {
    apply(exportedServer("team-a", "github"));
    apply(exportedServer("team-b", "jira"));
    EngineStandIn engine = engine(source(List.of("team-a", "team-b")));

    start(engine);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(engine.servedNames())
                    .containsExactly(
                        "com.toolhive.k8s.team-a/github", "com.toolhive.k8s.team-b/jira"));
  }

  @Test
  void
      givenTwoNamespaces_whenObjectsAreAddedUpdatedUnexportedAndDeleted_thenEveryStepKeepsTheOtherNamespace() {
    EngineStandIn engine = engine(source(List.of("team-a", "team-b")));
    start(engine);
    await().atMost(WAIT).until(() -> engine.syncs() > 0);

    // add, one per namespace
    apply(exportedServer("team-a", "github"));
    apply(exportedServer("team-b", "jira"));
    awaitServed(engine, "com.toolhive.k8s.team-a/github", "com.toolhive.k8s.team-b/jira");

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
                assertThat(engine.served("com.toolhive.k8s.team-b/jira"))
                    .hasValueSatisfying(
                        m -> assertThat(m.description()).isEqualTo("Jira, updated")));
    assertThat(engine.servedNames()).contains("com.toolhive.k8s.team-a/github");

    // add a second object in team-a, then un-export it
    apply(exportedServer("team-a", "slack"));
    awaitServed(
        engine,
        "com.toolhive.k8s.team-a/github",
        "com.toolhive.k8s.team-a/slack",
        "com.toolhive.k8s.team-b/jira");
    edit(
        ExportedKind.MCP_SERVER,
        "team-a",
        "slack",
        r -> r.getMetadata().getAnnotations().put(ExportedEntries.EXPORT, "false"));
    awaitServed(engine, "com.toolhive.k8s.team-a/github", "com.toolhive.k8s.team-b/jira");

    // delete in team-a
    client
        .genericKubernetesResources(ExportedKind.MCP_SERVER.context())
        .inNamespace("team-a")
        .withName("github")
        .delete();
    awaitServed(engine, "com.toolhive.k8s.team-b/jira");
  }

  @Test
  void givenAnObjectWithoutTheExportAnnotation_whenANeighbourChanges_thenItIsStillNotServed() {
    GenericKubernetesResource hidden = exportedServer("team-a", "internal");
    hidden.getMetadata().getAnnotations().remove(ExportedEntries.EXPORT);
    apply(hidden);
    EngineStandIn engine = engine(source(List.of("team-a", "team-b")));
    start(engine);

    apply(exportedServer("team-a", "github"));

    awaitServed(engine, "com.toolhive.k8s.team-a/github");
  }

  @Test
  void givenAnUnwatchedNamespace_whenItHasExportedObjects_thenTheyAreNotServed() {
    apply(exportedServer("team-a", "github"));
    apply(exportedServer("elsewhere", "secret"));
    EngineStandIn engine = engine(source(List.of("team-a", "team-b")));

    start(engine);

    awaitServed(engine, "com.toolhive.k8s.team-a/github");
  }

  @Test
  void givenNoNamespaces_whenTheSourceStarts_thenItWatchesTheWholeCluster() {
    apply(exportedServer("team-a", "github"));
    apply(exportedServer("elsewhere", "jira"));
    EngineStandIn engine = engine(source(List.of()));

    start(engine);

    awaitServed(engine, "com.toolhive.k8s.elsewhere/jira", "com.toolhive.k8s.team-a/github");
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
    EngineStandIn engine = engine(source(List.of("team-a", "team-b")));

    start(engine);

    awaitServed(
        engine,
        "com.toolhive.k8s.team-a/gateway",
        "com.toolhive.k8s.team-a/github",
        "com.toolhive.k8s.team-b/notion");
  }

  @Test
  void givenAuthzClaims_whenRead_thenEachEntryCarriesItsOwnAndAnUnreadableOneIsNamedAsRejected() {
    GenericKubernetesResource github = exportedServer("team-a", "github");
    github.getMetadata().getAnnotations().put(ExportedEntries.AUTHZ_CLAIMS, "{\"org\":\"acme\"}");
    apply(github);
    apply(exportedServer("team-b", "jira"));
    GenericKubernetesResource broken = exportedServer("team-b", "broken");
    broken.getMetadata().getAnnotations().put(ExportedEntries.AUTHZ_CLAIMS, "{\"org\": 42}");
    apply(broken);
    EngineStandIn engine = engine(source(List.of("team-a", "team-b")));

    start(engine);

    awaitServed(engine, "com.toolhive.k8s.team-a/github", "com.toolhive.k8s.team-b/jira");
    assertThat(engine.served("com.toolhive.k8s.team-a/github").orElseThrow().claims())
        .isEqualTo(Claims.of("org", "acme"));
    assertThat(engine.served("com.toolhive.k8s.team-b/jira").orElseThrow().claims())
        .as("the engine stamps the source's claims on entries without their own")
        .isEqualTo(Claims.NONE);
    assertThat(engine.rejections())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.entryName()).isEqualTo("com.toolhive.k8s.team-b/broken");
              assertThat(r.field())
                  .isEqualTo("metadata.annotations[toolhive.stacklok.dev/authz-claims]");
              assertThat(r.value()).isEqualTo("{\"org\": 42}");
            });
  }

  @Test
  void givenAnEntryTheRulesRefuse_whenRead_thenItIsNamedWithItsObjectAndTheOthersStay() {
    apply(exportedServer("team-a", "github"));
    GenericKubernetesResource wordy = exportedServer("team-b", "wordy");
    wordy.getMetadata().getAnnotations().put(ExportedEntries.DESCRIPTION, "x".repeat(150));
    apply(wordy);
    EngineStandIn engine = engine(source(List.of("team-a", "team-b")));

    start(engine);

    awaitServed(engine, "com.toolhive.k8s.team-a/github");
    assertThat(engine.rejections())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.entryName()).isEqualTo("com.toolhive.k8s.team-b/wordy");
              assertThat(r.field()).isEqualTo("description");
              assertThat(r.reason()).endsWith("(MCPServer team-b/wordy)");
              assertThat(r.index()).isEqualTo(1);
            });
  }

  @Test
  void givenAServerAndAProxyOfOneName_whenRead_thenTheSecondIsNamedAsADuplicate() {
    apply(exportedServer("team-a", "github"));
    GenericKubernetesResource proxy = resource(ExportedKind.MCP_REMOTE_PROXY, "team-a", "github");
    proxy.getMetadata().setAnnotations(TestMcpServers.exportAnnotations("github"));
    apply(proxy, ExportedKind.MCP_REMOTE_PROXY);
    EngineStandIn engine = engine(source(List.of("team-a")));

    start(engine);

    awaitServed(engine, "com.toolhive.k8s.team-a/github");
    assertThat(engine.rejections())
        .extracting(EntryRejection::entryName, EntryRejection::reason)
        .containsExactly(
            tuple(
                "com.toolhive.k8s.team-a/github",
                "the same name as MCPRemoteProxy team-a/github, which is kept"));
  }

  @Test
  void givenTwoReplicasWatchingOneCluster_whenNothingChanges_thenBothReadTheSameHash()
      throws Exception {
    apply(exportedServer("team-a", "github"));
    apply(exportedServer("team-b", "jira"));
    apply(exportedServer("team-a", "slack"));
    SourceDefinition source = source(List.of("team-a", "team-b"));
    KubernetesSources first = sources(engine(source), source);
    KubernetesSources second = sources(engine(source), source);
    first.start();
    second.start();
    SourceReader one = reader(first);
    SourceReader other = reader(second);

    String hash = one.fetch(source).contentHash();

    assertThat(other.fetch(source).contentHash()).isEqualTo(hash);
    assertThat(one.fetch(source).contentHash()).isEqualTo(hash);
    edit(
        ExportedKind.MCP_SERVER,
        "team-b",
        "jira",
        r -> r.getMetadata().getAnnotations().put(ExportedEntries.AUTHZ_CLAIMS, "{\"org\":\"x\"}"));
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(one.fetch(source).contentHash()).isNotEqualTo(hash));
  }

  @Test
  void givenASyncRunningElsewhere_whenAnObjectChanges_thenTheWatcherAsksAgainUntilItIsRead() {
    EngineStandIn engine = engine(source(List.of("team-a")), 3);
    start(engine);

    apply(exportedServer("team-a", "github"));

    awaitServed(engine, "com.toolhive.k8s.team-a/github");
  }

  @Test
  void givenABurstOfChanges_whenItSettles_thenItCostsFarFewerSyncsThanChanges() {
    EngineStandIn engine = engine(source(List.of("team-a")));
    KubernetesSourceSettings slowToSettle =
        new KubernetesSourceSettings(List.of(), Duration.ofSeconds(3), Duration.ofSeconds(5));
    KubernetesSources sources = sources(engine, engine.source(), slowToSettle);
    sources.start();
    await().atMost(WAIT).until(() -> engine.syncs() == 1);

    for (int i = 0; i < 8; i++) {
      apply(exportedServer("team-a", "server-" + i));
    }

    await().atMost(WAIT).until(() -> engine.servedNames().size() == 8);
    assertThat(engine.syncs()).isLessThanOrEqualTo(3);
  }

  @Test
  void givenAWatchThatHasNotListedYet_whenTheEngineReads_thenTheReadFailsSayingSo() {
    SourceDefinition source = source(List.of("team-a"));
    KubernetesSources sources =
        sources(
            engine(source),
            source,
            new KubernetesSourceSettings(List.of(), Duration.ofMillis(50), Duration.ofMillis(100)));

    assertThatThrownBy(() -> reader(sources).fetch(source))
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining("has not listed")
        .hasMessageContaining("namespaces [team-a]");
  }

  private EngineStandIn engine(SourceDefinition source) {
    return engine(source, 0);
  }

  private EngineStandIn engine(SourceDefinition source, int busy) {
    return new EngineStandIn(source, busy);
  }

  private KubernetesSources sources(EngineStandIn engine, SourceDefinition source) {
    return sources(engine, source, SETTINGS);
  }

  private KubernetesSources sources(
      EngineStandIn engine, SourceDefinition source, KubernetesSourceSettings settings) {
    KubernetesSources sources =
        new KubernetesSources(
            List.of(new KubernetesSourceWatcher(client, () -> engine, source, settings)), () -> {});
    engine.readThrough(reader(sources, settings));
    started.add(sources);
    return sources;
  }

  /** The adapter read as the engine reads it: through the application's document reader. */
  private static SourceReader reader(KubernetesSources sources) {
    return reader(sources, SETTINGS);
  }

  private static SourceReader reader(KubernetesSources sources, KubernetesSourceSettings settings) {
    return new DocumentSourceReader(
        new KubernetesServerDocumentSource(sources, settings), new DescriptionLengthCheck());
  }

  private void start(EngineStandIn engine) {
    sources(engine, engine.source()).start();
  }

  private static final KubernetesSourceSettings SETTINGS =
      new KubernetesSourceSettings(List.of(), Duration.ofMillis(50), Duration.ofSeconds(5));

  private static SourceDefinition source(List<String> namespaces) {
    return new SourceDefinition(
        SOURCE,
        new SourceKind.Kubernetes(namespaces),
        Optional.empty(),
        EntryFilter.NONE,
        Claims.of("team", "platform"));
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

  private static void awaitServed(EngineStandIn engine, String... names) {
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(engine.servedNames()).containsExactly(names));
  }
}
