package dev.waggle.adapters.k8s.crd;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kubernetes adapter: one core {@code VolumeMount} kept as raw JSON; only the name and mount path
 * are typed, for the admission rules on reserved and duplicate paths.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
public class RawVolumeMount {
  @Required
  @Size(max = 253)
  private String name;

  @Required
  @Size(max = 1024)
  private String mountPath;

  private final Map<String, Object> fields = new LinkedHashMap<>();

  public static RawVolumeMount of(Map<String, Object> mount) {
    RawVolumeMount raw = new RawVolumeMount();
    mount.forEach(raw::set);
    return raw;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getMountPath() {
    return mountPath;
  }

  public void setMountPath(String mountPath) {
    this.mountPath = mountPath;
  }

  @JsonAnyGetter
  public Map<String, Object> otherFields() {
    return fields;
  }

  @JsonAnySetter
  public void set(String key, Object value) {
    switch (key) {
      case "name" -> name = value == null ? null : String.valueOf(value);
      case "mountPath" -> mountPath = value == null ? null : String.valueOf(value);
      default -> fields.put(key, value);
    }
  }

  /** Every field of the mount, as a core VolumeMount would serialise. */
  @JsonIgnore
  public Map<String, Object> asMap() {
    Map<String, Object> all = new LinkedHashMap<>();
    if (name != null) {
      all.put("name", name);
    }
    if (mountPath != null) {
      all.put("mountPath", mountPath);
    }
    all.putAll(fields);
    return all;
  }
}
