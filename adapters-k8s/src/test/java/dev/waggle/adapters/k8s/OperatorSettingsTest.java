package dev.waggle.adapters.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  @Test
  void withNothingSetTheOperatorWatchesEverythingElectsALeaderAndRunsWaggleOwnImage() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of());

    assertThat(settings.image()).isEqualTo("ghcr.io/waggle-dev/waggle:0.1.0-SNAPSHOT");
    assertThat(settings.watchNamespaces()).isEmpty();
    assertThat(settings.leaderElection()).isTrue();
    assertThat(settings.leaderElectionNamespace()).isNull();
    assertThat(settings.defaultImagePullSecrets()).isEmpty();
  }

  @Test
  void theEnvironmentOverridesImageNamespacesLeaseAndPullSecrets() {
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.of(
                "WAGGLE_OPERATOR_IMAGE", "registry.local/waggle:2.0.0",
                "WATCH_NAMESPACE", "team-a, team-b,",
                "WAGGLE_OPERATOR_LEADER_ELECTION", "false",
                "POD_NAMESPACE", "waggle-system",
                "WAGGLE_DEFAULT_IMAGE_PULL_SECRETS", "mirror,mirror, ghcr"));

    assertThat(settings.image()).isEqualTo("registry.local/waggle:2.0.0");
    assertThat(settings.watchNamespaces()).containsExactly("team-a", "team-b");
    assertThat(settings.leaderElection()).isFalse();
    assertThat(settings.leaderElectionNamespace()).isEqualTo("waggle-system");
    assertThat(settings.defaultImagePullSecrets()).containsExactly("mirror", "ghcr");
  }

  @Test
  void givenOnlyToolHiveVariables_thenTheImageAndPullSecretsComeFromThem() {
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.of(
                "TOOLHIVE_REGISTRY_API_IMAGE", "ghcr.io/stacklok/thv-registry-api:v1.3.0",
                "TOOLHIVE_DEFAULT_IMAGE_PULL_SECRETS", "ghcr-credentials,mirror"));

    assertThat(settings.image()).isEqualTo("ghcr.io/stacklok/thv-registry-api:v1.3.0");
    assertThat(settings.defaultImagePullSecrets()).containsExactly("ghcr-credentials", "mirror");
  }

  @Test
  void givenWaggleAndToolHiveVariables_thenWaggleOnesWinAndABlankOneDoesNot() {
    OperatorSettings both =
        OperatorSettings.fromEnvironment(
            Map.of(
                "WAGGLE_OPERATOR_IMAGE", "registry.local/waggle:2.0.0",
                "TOOLHIVE_REGISTRY_API_IMAGE", "ghcr.io/stacklok/thv-registry-api:v1.3.0",
                "WAGGLE_DEFAULT_IMAGE_PULL_SECRETS", "waggle-pull",
                "TOOLHIVE_DEFAULT_IMAGE_PULL_SECRETS", "toolhive-pull"));
    OperatorSettings blankWaggle =
        OperatorSettings.fromEnvironment(
            Map.of(
                "WAGGLE_OPERATOR_IMAGE", " ",
                "TOOLHIVE_REGISTRY_API_IMAGE", "ghcr.io/stacklok/thv-registry-api:v1.3.0",
                "WAGGLE_DEFAULT_IMAGE_PULL_SECRETS", "",
                "TOOLHIVE_DEFAULT_IMAGE_PULL_SECRETS", "toolhive-pull"));

    assertThat(both.image()).isEqualTo("registry.local/waggle:2.0.0");
    assertThat(both.defaultImagePullSecrets()).containsExactly("waggle-pull");
    assertThat(blankWaggle.image()).isEqualTo("ghcr.io/stacklok/thv-registry-api:v1.3.0");
    assertThat(blankWaggle.defaultImagePullSecrets()).containsExactly("toolhive-pull");
  }

  @Test
  void theFourPartConstructorFillsTheDefaults() {
    OperatorSettings settings = new OperatorSettings(null, List.of("a"), false, "");

    assertThat(settings.image()).startsWith("ghcr.io/waggle-dev/waggle:");
    assertThat(settings.leaderElectionNamespace()).isNull();
    assertThat(settings.defaultImagePullSecrets()).isEmpty();
  }

  @Test
  void theManualSyncTokenFileComesFromTheEnvironmentAndIsNoneByDefault() {
    assertThat(OperatorSettings.fromEnvironment(Map.of()).syncTokenFile()).isEmpty();
    assertThat(
            OperatorSettings.fromEnvironment(
                    Map.of("WAGGLE_OPERATOR_SYNC_TOKEN_FILE", " /var/run/secrets/token "))
                .syncTokenFile())
        .hasValue(Path.of("/var/run/secrets/token"));
  }
}
