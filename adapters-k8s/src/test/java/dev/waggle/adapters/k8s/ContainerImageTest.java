package dev.waggle.adapters.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waggle.adapters.k8s.dependent.DeploymentDependentResource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The image recipe (Dockerfile, deploy/image/build.sh) and what the operator and the manifests
 * expect of the image: the same name, user, home, memory flags, ports and entry point.
 */
class ContainerImageTest {
  private static final Path REPO = Path.of("..");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theBuildTagsTheImageTheOperatorAndTheManifestsRun() throws IOException {
    String build = Files.readString(REPO.resolve("deploy/image/build.sh"));

    assertThat(build).contains("repository=\"" + OperatorSettings.IMAGE_REPOSITORY + "\"");
    for (String manifest :
        List.of("deploy/operator/deployment.yaml", "deploy/server/base/deployment.yaml")) {
      assertThat(Files.readString(REPO.resolve(manifest)))
          .as(manifest)
          .contains("image: " + OperatorSettings.defaultImage());
    }
  }

  @Test
  void theEntryPointTakesTheSubcommandTheOperatorPassesAndServesByDefault() throws IOException {
    Map<String, String> dockerfile = finalStage();
    Container operatorPod = operatorPodContainer();

    List<String> entrypoint = jsonList(dockerfile.get("ENTRYPOINT"));
    assertThat(entrypoint).containsExactly("java", "-jar", "/app/waggle.jar");
    assertThat(jsonList(dockerfile.get("CMD"))).containsExactly("serve");
    // The operator gives only arguments, so the image's entry point must take them as they are.
    assertThat(operatorPod.getCommand()).isNullOrEmpty();
    assertThat(operatorPod.getArgs().get(0)).isEqualTo("serve");
  }

  @Test
  void theImageRunsAsTheNonRootUserWhoseHomeTheOperatorMountsPgpassInto() throws IOException {
    Map<String, String> dockerfile = finalStage();
    Deployment template = operatorPodTemplate();
    Map<String, String> env = envOf(dockerfile.get("ENV"));

    long uid = template.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();
    long gid = template.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsGroup();
    assertThat(dockerfile.get("USER")).isEqualTo(uid + ":" + gid);
    assertThat(Path.of(DeploymentDependentResource.PGPASS_PATH).getParent())
        .isEqualTo(Path.of(env.get("HOME")));
    assertThat(Files.readString(REPO.resolve("deploy/image/runtime.sh")))
        .contains("appuser:x:" + uid + ":" + gid + ":Waggle:" + env.get("HOME") + ":");
  }

  @Test
  void theImagesMemoryFlagsAreTheOperatorsAndWaggleHomeIsAVolume() throws IOException {
    Map<String, String> dockerfile = finalStage();
    Map<String, String> env = envOf(dockerfile.get("ENV"));

    assertThat(env.get(DeploymentDependentResource.JAVA_TOOL_OPTIONS_ENV))
        .isEqualTo(DeploymentDependentResource.MEMORY_OPTIONS);
    assertThat(jsonList(dockerfile.get("VOLUME"))).containsExactly(env.get("WAGGLE_HOME"));
  }

  @Test
  void theImageExposesThePortsTheOperatorsPodsAndProbesUse() throws IOException {
    Map<String, String> dockerfile = finalStage();
    Container operatorPod = operatorPodContainer();

    List<Integer> exposed =
        List.of(dockerfile.get("EXPOSE").split("\\s+")).stream().map(Integer::valueOf).toList();
    assertThat(exposed)
        .contains(
            operatorPod.getPorts().stream()
                .map(ContainerPort::getContainerPort)
                .toArray(Integer[]::new))
        .contains(operatorPod.getReadinessProbe().getHttpGet().getPort().getIntVal());
  }

  /** The final stage's instructions (the last of each), continuation lines joined. */
  private static Map<String, String> finalStage() throws IOException {
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(REPO.resolve("Dockerfile"))) {
      String trimmed = line.strip();
      if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
      } else {
        instructions.add(current.append(trimmed).toString());
        current.setLength(0);
      }
    }
    Map<String, String> stage = new LinkedHashMap<>();
    for (String instruction : instructions) {
      String[] parts = instruction.split("\\s+", 2);
      String keyword = parts[0].toUpperCase(java.util.Locale.ROOT);
      if (keyword.equals("FROM")) {
        stage.clear();
      }
      stage.put(keyword, parts.length > 1 ? parts[1].strip() : "");
    }
    assertThat(stage).as("final stage of the Dockerfile").containsKey("ENTRYPOINT");
    return stage;
  }

  private static List<String> jsonList(String value) throws IOException {
    JsonNode node = JSON.readTree(value);
    List<String> items = new ArrayList<>();
    node.forEach(item -> items.add(item.asText()));
    return items;
  }

  /** {@code ENV KEY=value KEY="quoted value" ...}. */
  private static Map<String, String> envOf(String value) {
    Map<String, String> env = new LinkedHashMap<>();
    int i = 0;
    while (i < value.length()) {
      while (i < value.length() && Character.isWhitespace(value.charAt(i))) {
        i++;
      }
      int equals = value.indexOf('=', i);
      if (equals < 0) {
        break;
      }
      String key = value.substring(i, equals);
      int end;
      String text;
      if (equals + 1 < value.length() && value.charAt(equals + 1) == '"') {
        end = value.indexOf('"', equals + 2);
        text = value.substring(equals + 2, end);
        end++;
      } else {
        end = equals + 1;
        while (end < value.length() && !Character.isWhitespace(value.charAt(end))) {
          end++;
        }
        text = value.substring(equals + 1, end);
      }
      env.put(key, text);
      i = end;
    }
    return env;
  }

  private static Deployment operatorPodTemplate() throws IOException {
    try (InputStream in =
        ContainerImageTest.class.getResourceAsStream(
            "/dev/waggle/adapters/k8s/dependent/deployment.yaml")) {
      return new KubernetesSerialization().unmarshal(in, Deployment.class);
    }
  }

  private static Container operatorPodContainer() throws IOException {
    return operatorPodTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
  }
}
