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
 * Kubernetes adapter: one core {@code Volume} kept as raw JSON, so the CRD does not inline the
 * whole Volume schema; only its name is typed, for the admission rules on reserved names.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
public class RawVolume {
  @Required
  @Size(max = 253)
  private String name;

  private final Map<String, Object> fields = new LinkedHashMap<>();

  public static RawVolume of(Map<String, Object> volume) {
    RawVolume raw = new RawVolume();
    volume.forEach(raw::set);
    return raw;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  @JsonAnyGetter
  public Map<String, Object> otherFields() {
    return fields;
  }

  @JsonAnySetter
  public void set(String key, Object value) {
    if ("name".equals(key)) {
      name = value == null ? null : String.valueOf(value);
    } else {
      fields.put(key, value);
    }
  }

  /** Every field of the volume, its name included, as a core Volume would serialise. */
  @JsonIgnore
  public Map<String, Object> asMap() {
    Map<String, Object> all = new LinkedHashMap<>();
    if (name != null) {
      all.put("name", name);
    }
    all.putAll(fields);
    return all;
  }
}
