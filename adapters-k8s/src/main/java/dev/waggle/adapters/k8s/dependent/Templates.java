package dev.waggle.adapters.k8s.dependent;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Kubernetes adapter: loads the YAML templates the owned objects start from. */
final class Templates {
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Templates() {}

  /** A fresh copy of the template each call, so callers may change it freely. */
  static <T> T load(String resource, Class<T> type) {
    try (InputStream in = Templates.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("template " + resource + " is missing from the jar");
      }
      return SERIALIZATION.unmarshal(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read template " + resource, e);
    }
  }
}
