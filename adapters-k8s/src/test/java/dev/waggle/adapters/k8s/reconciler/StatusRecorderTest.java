package dev.waggle.adapters.k8s.reconciler;

import static dev.waggle.adapters.k8s.TestRegistries.create;
import static dev.waggle.adapters.k8s.TestRegistries.defaultRegistry;
import static dev.waggle.adapters.k8s.TestRegistries.reload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.adapters.k8s.TestRegistries;
import dev.waggle.adapters.k8s.WithCrudApiServer;
import dev.waggle.adapters.k8s.crd.McpRegistry;
import dev.waggle.adapters.k8s.crd.McpRegistryPhase;
import dev.waggle.adapters.k8s.crd.McpRegistryStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithCrudApiServer
class StatusRecorderTest {
  static KubernetesClient client;

  @BeforeAll
  static void installCrd() {
    TestRegistries.installCrd(client);
  }

  @Test
  void givenAStaleCopyOfTheRegistry_whenRecording_thenTheStatusIsWrittenOnTheLatestVersion() {
    McpRegistry stale = create(client, defaultRegistry("ns", "stale"));
    McpRegistry newer = reload(client, stale);
    newer.getMetadata().setLabels(java.util.Map.of("edited", "meanwhile"));
    client.resource(newer).update();

    new StatusRecorder(client).record(stale, status(McpRegistryPhase.PENDING));

    McpRegistry stored = reload(client, stale);
    assertThat(stored.getStatus().getPhase()).isEqualTo(McpRegistryPhase.PENDING);
    assertThat(stored.getMetadata().getLabels()).containsEntry("edited", "meanwhile");
  }

  @Test
  void givenTheSameStatus_whenRecordingAgain_thenNothingIsWritten() {
    McpRegistry registry = create(client, defaultRegistry("ns", "same"));
    StatusRecorder recorder = new StatusRecorder(client);
    recorder.record(registry, status(McpRegistryPhase.READY));
    String version = reload(client, registry).getMetadata().getResourceVersion();

    recorder.record(registry, status(McpRegistryPhase.READY));

    assertThat(reload(client, registry).getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void givenARegistryThatIsGone_whenRecording_thenNothingHappens() {
    McpRegistry registry = create(client, defaultRegistry("ns", "gone"));
    client.resource(registry).delete();

    new StatusRecorder(client).record(registry, status(McpRegistryPhase.TERMINATING));

    assertThat(reload(client, registry)).isNull();
  }

  private static McpRegistryStatus status(McpRegistryPhase phase) {
    McpRegistryStatus status = new McpRegistryStatus();
    status.setPhase(phase);
    status.setMessage(phase.name());
    return status;
  }
}
