package dev.waggle.adapters.k8s.reconciler;

import static dev.waggle.adapters.k8s.TestRegistries.registryApiTemplate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waggle.adapters.k8s.TestRegistries;
import dev.waggle.adapters.k8s.crd.McpRegistry;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validate step: ToolHive's validateSpec cases, plus Waggle's reserved /tmp. */
class SpecValidatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SpecValidator validator = new SpecValidator();

  @Test
  void aMinimalSpecIsValid() {
    assertThat(validator.validate(registry())).isInstanceOf(SpecValidator.Valid.class);
  }

  @Test
  void volumesAndMountsAreParsedIntoCoreObjects() {
    McpRegistry registry = registry();
    registry
        .getSpec()
        .addVolume(Map.of("name", "catalog", "configMap", Map.of("name", "catalog-data")))
        .addVolumeMount(
            Map.of("name", "catalog", "mountPath", "/config/registry", "readOnly", true));

    SpecValidator.Valid valid = (SpecValidator.Valid) validator.validate(registry);

    assertThat(valid.volumes())
        .singleElement()
        .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo("catalog-data"));
    assertThat(valid.volumeMounts())
        .singleElement()
        .satisfies(m -> assertThat(m.getReadOnly()).isTrue());
  }

  @Test
  void aPgpassRefNeedsANameAndAKey() {
    McpRegistry noName = registry();
    noName.getSpec().setPgpassSecretRef(new SecretKeySelector("pgpass", "", null));
    McpRegistry noKey = registry();
    noKey.getSpec().setPgpassSecretRef(new SecretKeySelector("", "db", null));

    assertThat(invalid(noName)).isEqualTo("pgpassSecretRef requires both name and key");
    assertThat(invalid(noKey)).isEqualTo("pgpassSecretRef requires both name and key");
  }

  @Test
  void theConfigVolumeNameIsReservedInVolumesAndInThePodTemplate() {
    McpRegistry inVolumes = registry();
    inVolumes.getSpec().addVolume(Map.of("name", "registry-server-config", "emptyDir", Map.of()));
    McpRegistry inTemplate =
        withTemplate(
            Map.of(
                "spec",
                Map.of(
                    "volumes",
                    List.of(Map.of("name", "registry-server-config", "emptyDir", Map.of())))));

    assertThat(invalid(inVolumes)).contains("registry-server-config").contains("reserved");
    assertThat(invalid(inTemplate)).contains("registry-server-config").contains("podTemplateSpec");
  }

  @Test
  void pgpassVolumeNamesAreReservedOnlyWithPgpass() {
    McpRegistry without = registry();
    without.getSpec().addVolume(Map.of("name", "pgpass-secret", "emptyDir", Map.of()));
    McpRegistry with = registry();
    with.getSpec().addVolume(Map.of("name", "pgpass-secret", "emptyDir", Map.of()));
    with.getSpec().setPgpassSecretRef(new SecretKeySelector("pgpass", "db", null));

    assertThat(validator.validate(without)).isInstanceOf(SpecValidator.Valid.class);
    assertThat(invalid(with)).contains("pgpass-secret");
  }

  @Test
  void theSetupPgpassInitContainerNameIsReservedWithPgpass() {
    McpRegistry registry =
        withTemplate(
            Map.of(
                "spec",
                Map.of("initContainers", List.of(Map.of("name", "setup-pgpass", "image", "x")))));
    registry.getSpec().setPgpassSecretRef(new SecretKeySelector("pgpass", "db", null));

    assertThat(invalid(registry)).contains("setup-pgpass");
  }

  @Test
  void mountPathsMustBeUniqueAcrossReservedSpecAndTemplateMounts() {
    McpRegistry reserved = registry();
    reserved.getSpec().addVolumeMount(Map.of("name", "a", "mountPath", "/config"));
    McpRegistry tmp = registry();
    tmp.getSpec().addVolumeMount(Map.of("name", "a", "mountPath", "/tmp"));
    McpRegistry duplicate = registry();
    duplicate
        .getSpec()
        .addVolumeMount(Map.of("name", "a", "mountPath", "/data"))
        .addVolumeMount(Map.of("name", "b", "mountPath", "/data"));
    McpRegistry againstTemplate = withRegistryApiMount("b", "/data");
    againstTemplate.getSpec().addVolumeMount(Map.of("name", "a", "mountPath", "/data"));
    McpRegistry pgpassPath = registry();
    pgpassPath.getSpec().setPgpassSecretRef(new SecretKeySelector("pgpass", "db", null));
    pgpassPath.getSpec().addVolumeMount(Map.of("name", "a", "mountPath", "/home/appuser/.pgpass"));

    assertThat(invalid(reserved)).contains("/config");
    assertThat(invalid(tmp)).contains("/tmp");
    assertThat(invalid(duplicate)).contains("/data");
    assertThat(invalid(againstTemplate)).contains("/data");
    assertThat(invalid(pgpassPath)).contains("/home/appuser/.pgpass");
  }

  @Test
  void aRegistryApiMountNamedLikeTheConfigMountIsRejectedWhateverItsPath() {
    McpRegistry registry = withRegistryApiMount("registry-server-config", "/etc/registry");
    McpRegistry tmp = withRegistryApiMount("waggle-tmp", "/scratch");
    McpRegistry pgpass = withRegistryApiMount("pgpass", "/secrets/pg");
    pgpass.getSpec().setPgpassSecretRef(new SecretKeySelector("pgpass", "db", null));

    assertThat(invalid(registry))
        .isEqualTo(
            "volume mount name registry-server-config on the registry-api container of"
                + " podTemplateSpec is reserved by the operator, which mounts it at /config; give"
                + " the mount another name");
    assertThat(invalid(tmp)).contains("waggle-tmp").contains("/tmp");
    assertThat(invalid(pgpass)).contains("pgpass").contains("/home/appuser/.pgpass");
    assertThat(validator.validate(withRegistryApiMount("pgpass", "/secrets/pg")))
        .as("pgpass is only the operator's with pgpassSecretRef")
        .isInstanceOf(SpecValidator.Valid.class);
  }

  @Test
  void aSidecarMayMountTheConfigVolumeUnderItsOwnName() {
    McpRegistry registry =
        withTemplate(
            Map.of(
                "spec",
                Map.of(
                    "containers",
                    List.of(
                        Map.of(
                            "name",
                            "config-watcher",
                            "image",
                            "busybox",
                            "volumeMounts",
                            List.of(
                                Map.of(
                                    "name", "registry-server-config", "mountPath", "/watch")))))));

    assertThat(validator.validate(registry)).isInstanceOf(SpecValidator.Valid.class);
  }

  @Test
  void aPodTemplateThatIsNotAPodTemplateIsReportedApart() {
    McpRegistry registry = withTemplate(Map.of("spec", Map.of("containers", "registry-api")));

    assertThat(validator.validate(registry)).isInstanceOf(SpecValidator.InvalidPodTemplate.class);
  }

  @Test
  void aVolumeThatIsNotAVolumeIsInvalid() {
    McpRegistry registry = registry();
    registry.getSpec().addVolume(Map.of("name", "x", "configMap", "not-an-object"));

    assertThat(invalid(registry)).startsWith("invalid volumes[0]");
  }

  private String invalid(McpRegistry registry) {
    SpecValidator.Outcome outcome = validator.validate(registry);
    assertThat(outcome).isInstanceOf(SpecValidator.Invalid.class);
    return ((SpecValidator.Invalid) outcome).message();
  }

  private static McpRegistry withRegistryApiMount(String name, String path) {
    return withTemplate(
        registryApiTemplate("volumeMounts", List.of(Map.of("name", name, "mountPath", path))));
  }

  private static McpRegistry withTemplate(Map<String, Object> template) {
    McpRegistry registry = registry();
    registry.getSpec().setPodTemplateSpec(JSON.valueToTree(template));
    return registry;
  }

  private static McpRegistry registry() {
    return TestRegistries.defaultRegistry("tenants", "prod");
  }
}
