package dev.waggle.adapters.k8s.reconciler;

import static dev.waggle.adapters.k8s.TestRegistries.create;
import static dev.waggle.adapters.k8s.TestRegistries.defaultRegistry;
import static dev.waggle.adapters.k8s.TestRegistries.reload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.adapters.k8s.RegistryApiStandIn;
import dev.waggle.adapters.k8s.TestRegistries;
import dev.waggle.adapters.k8s.WithCrudApiServer;
import dev.waggle.adapters.k8s.crd.McpRegistry;
import dev.waggle.adapters.k8s.crd.McpRegistryStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's manual sync of a registry in {@code auth.mode: oauth}, against fabric8's CRUD API
 * server and a real HTTP server standing in for the registry pod: the token it sends, and what the
 * MCPRegistry's status says when there is none or the registry refuses it.
 */
@WithCrudApiServer
class ManualSyncCredentialsTest {
  private static final String NS = "mcp-registries";
  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvcGVyYXRvciJ9.c2lnbmF0dXJl";
  private static final String OAUTH_CONFIG =
      """
      sources:
        - name: catalog
          git: {repository: "https://github.com/example/catalog.git"}
          syncPolicy: {interval: 1h}
        - name: publish
          managed: {}
      registries:
        - {name: default, sources: [catalog, publish]}
      auth:
        Mode: OAuth
        oauth:
          providers:
            - name: kubernetes
              issuerUrl: https://kubernetes.default.svc.cluster.local
              audience: waggle-registry
      """;

  static KubernetesClient client;
  static KubernetesMockServer server;

  @TempDir Path dir;
  private RegistryApiStandIn api;

  @BeforeAll
  static void installCrd() {
    TestRegistries.installCrd(client);
  }

  @BeforeEach
  void startRegistry() throws IOException {
    api = RegistryApiStandIn.start();
  }

  @AfterEach
  void stopRegistry() {
    api.close();
  }

  private McpRegistryReconciler reconciler(SyncCredentials credentials) {
    return new McpRegistryReconciler(
        new RolloutObserver(client),
        new SpecValidator(),
        new RegistryResources(client),
        new ManualSync(new HttpRegistryApiClient(registry -> api.uri()), credentials),
        new StatusRecorder(client),
        new RegistryDefaults("ghcr.io/waggle-dev/waggle:test", List.of()),
        Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
  }

  private SyncCredentials tokenFile(String token) throws IOException {
    Path file = Files.writeString(dir.resolve("token"), token + "\n");
    return new SyncCredentials(Optional.of(file), dir.resolve("not-projected"));
  }

  private SyncCredentials none() {
    return new SyncCredentials(Optional.empty(), dir.resolve("not-projected/token"));
  }

  @Test
  void givenAnOAuthRegistryAndATokenFile_whenAManualSyncRuns_thenEveryRequestCarriesTheToken()
      throws IOException {
    McpRegistryReconciler reconciler = reconciler(tokenFile(TOKEN));
    api.requireToken(TOKEN);
    McpRegistry registry = readyRegistry(reconciler, "oauth-sync", OAUTH_CONFIG);
    annotate(registry, "1");

    reconcile(reconciler, registry);

    assertThat(api.requests())
        .containsExactly("POST /v1/sources/catalog/sync", "GET /v1/sources/catalog");
    assertThat(api.authorizations()).containsOnly("Bearer " + TOKEN);
    McpRegistryStatus status = status(registry);
    assertThat(status.getLastManualSyncTrigger()).isEqualTo("1");
    assertThat(condition(status).getStatus()).isEqualTo("True");
    assertThat(condition(status).getReason()).isEqualTo("SyncCompleted");
  }

  @Test
  void aProjectedServiceAccountTokenIsSentWhenNoFileIsNamedAndReadAgainAfterItRotates()
      throws IOException {
    Path projected = Files.writeString(dir.resolve("projected-token"), "first.token.value");
    McpRegistryReconciler reconciler = reconciler(new SyncCredentials(Optional.empty(), projected));
    api.syncingFor(1);
    McpRegistry registry = readyRegistry(reconciler, "projected", OAUTH_CONFIG);
    annotate(registry, "rotate");

    reconcile(reconciler, registry);
    Files.writeString(projected, "second.token.value");
    reconcile(reconciler, registry);

    assertThat(api.authorizations())
        .containsExactly(
            "Bearer first.token.value", "Bearer first.token.value", "Bearer second.token.value");
    assertThat(condition(status(registry)).getReason()).isEqualTo("SyncCompleted");
  }

  @Test
  void
      givenAnOAuthRegistryAndNoToken_whenAManualSyncIsAsked_thenTheStatusSaysWhyAndNothingIsSent() {
    McpRegistryReconciler reconciler = reconciler(none());
    McpRegistry registry = readyRegistry(reconciler, "no-token", OAUTH_CONFIG);
    annotate(registry, "2");

    reconcile(reconciler, registry);

    assertThat(api.requests()).isEmpty();
    McpRegistryStatus status = status(registry);
    assertThat(status.getLastManualSyncTrigger()).isEqualTo("2");
    Condition condition = condition(status);
    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo("SyncCredentialsMissing");
    assertThat(condition.getMessage())
        .contains("auth.mode oauth")
        .contains("WAGGLE_OPERATOR_SYNC_TOKEN_FILE is not set")
        .contains(dir.resolve("not-projected/token").toString());
  }

  @Test
  void givenATokenTheRegistryDoesNotAccept_whenSyncing_thenTheStatusSaysSoWithTheRegistrysReason()
      throws IOException {
    McpRegistryReconciler reconciler = reconciler(tokenFile(TOKEN));
    api.requireToken("some.other.token");
    McpRegistry registry = readyRegistry(reconciler, "refused-token", OAUTH_CONFIG);
    annotate(registry, "3");

    reconcile(reconciler, registry);
    reconcile(reconciler, registry);

    assertThat(api.syncRequests()).as("not asked again").hasSize(1);
    McpRegistryStatus status = status(registry);
    assertThat(status.getLastManualSyncTrigger()).isEqualTo("3");
    Condition condition = condition(status);
    assertThat(condition.getReason()).isEqualTo("SyncUnauthorized");
    assertThat(condition.getMessage())
        .contains("HTTP 401: token validation failed: audience not accepted")
        .contains("auth.oauth.providers")
        .doesNotContain(TOKEN);
  }

  @Test
  void givenAnOperatorWithoutTheManageSourcesRole_whenSyncing_thenTheStatusNamesTheRole()
      throws IOException {
    McpRegistryReconciler reconciler = reconciler(tokenFile(TOKEN));
    api.forbid();
    McpRegistry registry = readyRegistry(reconciler, "forbidden", OAUTH_CONFIG);
    annotate(registry, "4");

    reconcile(reconciler, registry);

    Condition condition = condition(status(registry));
    assertThat(condition.getReason()).isEqualTo("SyncForbidden");
    assertThat(condition.getMessage()).contains("HTTP 403").contains("manageSources");
  }

  @Test
  void anAnonymousRegistryIsNeverSentTheOperatorsToken() throws IOException {
    McpRegistryReconciler reconciler = reconciler(tokenFile(TOKEN));
    McpRegistry registry = readyRegistry(reconciler, "anonymous", TestRegistries.SYNCED_CONFIG);
    annotate(registry, "5");

    reconcile(reconciler, registry);

    assertThat(api.syncRequests()).hasSize(3);
    assertThat(api.authorizations()).containsOnly("");
    assertThat(condition(status(registry)).getReason()).isEqualTo("SyncCompleted");
  }

  private McpRegistry readyRegistry(
      McpRegistryReconciler reconciler, String name, String configYaml) {
    McpRegistry registry = defaultRegistry(NS, name);
    registry.getSpec().setConfigYaml(configYaml);
    registry = create(client, registry);
    reconcile(reconciler, registry);
    Deployment deployment =
        client.apps().deployments().inNamespace(NS).withName(name + "-api").get();
    deployment.setStatus(
        new DeploymentStatusBuilder().withReadyReplicas(1).withReplicas(1).build());
    client.resource(deployment).updateStatus();
    return registry;
  }

  private static void reconcile(McpRegistryReconciler reconciler, McpRegistry registry) {
    McpRegistry live = reload(client, registry);
    reconciler.reconcile(live, new TestingContext(client, live));
  }

  private static void annotate(McpRegistry registry, String value) {
    McpRegistry live = reload(client, registry);
    Map<String, String> annotations =
        new HashMap<>(
            live.getMetadata().getAnnotations() == null
                ? Map.of()
                : live.getMetadata().getAnnotations());
    annotations.put(ManualSync.MANUAL_SYNC_ANNOTATION, value);
    live.getMetadata().setAnnotations(annotations);
    client.resource(live).update();
  }

  private static McpRegistryStatus status(McpRegistry registry) {
    return reload(client, registry).getStatus();
  }

  private static Condition condition(McpRegistryStatus status) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals("ManualSync"))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no ManualSync condition: " + status.getConditions()));
  }
}
