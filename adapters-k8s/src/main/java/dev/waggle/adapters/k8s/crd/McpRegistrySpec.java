package dev.waggle.adapters.k8s.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes adapter: the desired state of an {@code MCPRegistry} — the registry server's {@code
 * config.yaml} plus how its pod is shaped. The CEL rules reject at admission what the reconciler
 * would otherwise report as a failed status.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "configYAML",
  "displayName",
  "volumes",
  "volumeMounts",
  "pgpassSecretRef",
  "podTemplateSpec",
  "imagePullSecrets"
})
@ValidationRule(
    value =
        "!has(self.volumes) || self.volumes.all(v, !(v.name in ['registry-server-config',"
            + " 'waggle-tmp']))",
    message = "volume names registry-server-config and waggle-tmp are reserved for the operator")
@ValidationRule(
    value =
        "!has(self.pgpassSecretRef) || !has(self.volumes) || self.volumes.all(v, !(v.name in"
            + " ['pgpass-secret', 'pgpass']))",
    message = "volume names pgpass-secret and pgpass are reserved when pgpassSecretRef is set")
@ValidationRule(
    value =
        "!has(self.volumeMounts) || self.volumeMounts.all(m, self.volumeMounts.exists_one(n,"
            + " n.mountPath == m.mountPath))",
    message = "each volumeMount needs its own mountPath")
@ValidationRule(
    value =
        "!has(self.volumeMounts) || self.volumeMounts.all(m, !(m.mountPath in ['/config',"
            + " '/tmp']))",
    message = "mount paths /config and /tmp are reserved for the operator")
@ValidationRule(
    value =
        "!has(self.pgpassSecretRef) || !has(self.volumeMounts) || self.volumeMounts.all(m,"
            + " m.mountPath != '/home/appuser/.pgpass')",
    message = "mount path /home/appuser/.pgpass is reserved when pgpassSecretRef is set")
public class McpRegistrySpec {

  @JsonProperty("configYAML")
  @JsonPropertyDescription(
      "The complete registry server config.yaml, copied verbatim into a ConfigMap mounted at"
          + " /config. Reference credentials by file path and mount them through volumes and"
          + " volumeMounts instead of writing them inline.")
  @Required
  @Size(min = 1)
  private String configYaml;

  @JsonPropertyDescription(
      "A human-readable name; it has no effect other than rolling the pod when it changes.")
  private String displayName;

  @JsonPropertyDescription(
      "Extra pod volumes (core Volume objects) appended to the registry pod, for example the"
          + " Secrets and ConfigMaps the config.yaml refers to.")
  @Size(max = 64)
  private List<RawVolume> volumes;

  @JsonPropertyDescription(
      "Extra volume mounts (core VolumeMount objects) for the registry-api container; mount"
          + " paths must match the file paths used in configYAML.")
  @Size(max = 64)
  private List<RawVolumeMount> volumeMounts;

  @JsonPropertyDescription(
      "A Secret key holding a .pgpass file. The operator copies it with mode 0600 to"
          + " /home/appuser/.pgpass and sets PGPASSFILE.")
  @ValidationRule(
      value = "has(self.name) && size(self.name) > 0 && has(self.key) && size(self.key) > 0",
      message = "pgpassSecretRef needs a non-empty name and key")
  private SecretKeySelector pgpassSecretRef;

  @JsonPropertyDescription(
      "A partial PodTemplateSpec merged over the operator's defaults; the container to adjust is"
          + " named registry-api.")
  // No CEL rule can look inside: Kubernetes hides the fields of a schemaless object from CEL, so
  // reserved names in here (volumes, the registry-api mounts) are checked by SpecValidator.
  @PreserveUnknownFields
  private JsonNode podTemplateSpec;

  @JsonPropertyDescription(
      "Pull secrets for the registry-api image, set on both the Deployment and the"
          + " ServiceAccount.")
  private List<LocalObjectReference> imagePullSecrets;

  public String getConfigYaml() {
    return configYaml;
  }

  public void setConfigYaml(String configYaml) {
    this.configYaml = configYaml;
  }

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public List<RawVolume> getVolumes() {
    return volumes;
  }

  public void setVolumes(List<RawVolume> volumes) {
    this.volumes = volumes;
  }

  public List<RawVolumeMount> getVolumeMounts() {
    return volumeMounts;
  }

  public void setVolumeMounts(List<RawVolumeMount> volumeMounts) {
    this.volumeMounts = volumeMounts;
  }

  public SecretKeySelector getPgpassSecretRef() {
    return pgpassSecretRef;
  }

  public void setPgpassSecretRef(SecretKeySelector pgpassSecretRef) {
    this.pgpassSecretRef = pgpassSecretRef;
  }

  public JsonNode getPodTemplateSpec() {
    return podTemplateSpec;
  }

  public void setPodTemplateSpec(JsonNode podTemplateSpec) {
    this.podTemplateSpec = podTemplateSpec;
  }

  public List<LocalObjectReference> getImagePullSecrets() {
    return imagePullSecrets;
  }

  public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
    this.imagePullSecrets = imagePullSecrets;
  }

  /** Adds a raw volume given as a map of core Volume fields; a convenience for builders. */
  public McpRegistrySpec addVolume(Map<String, Object> volume) {
    if (volumes == null) {
      volumes = new ArrayList<>();
    }
    volumes.add(RawVolume.of(volume));
    return this;
  }

  /** Adds a raw volume mount given as a map of core VolumeMount fields. */
  public McpRegistrySpec addVolumeMount(Map<String, Object> mount) {
    if (volumeMounts == null) {
      volumeMounts = new ArrayList<>();
    }
    volumeMounts.add(RawVolumeMount.of(mount));
    return this;
  }
}
