package dev.waggle.adapters.k8s.dependent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes adapter: what the API server writes into a Deployment's pod template on its own (the
 * {@code SetDefaults_*} functions of {@code k8s.io/kubernetes/pkg/apis/core/v1}; empty objects such
 * as {@code securityContext: {}} need no entry), so that drift detection does not take them for a
 * hand edit. Only the default values are allowed: {@code dnsPolicy: Default} or {@code
 * imagePullPolicy: Never} added by hand are drift.
 */
final class PodTemplateDefaults {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static final Drift.Allowance ALLOWANCE = Drift.Allowance.of(defaults());

  private PodTemplateDefaults() {}

  private static Map<String, Set<JsonNode>> defaults() {
    Map<String, Set<JsonNode>> allowed = new HashMap<>();
    allowed.put("spec.restartPolicy", text("Always"));
    allowed.put("spec.dnsPolicy", text("ClusterFirst"));
    allowed.put("spec.schedulerName", text("default-scheduler"));
    allowed.put("spec.terminationGracePeriodSeconds", number(30));
    for (String containers : new String[] {"spec.containers.*", "spec.initContainers.*"}) {
      allowed.put(containers + ".terminationMessagePath", text("/dev/termination-log"));
      allowed.put(containers + ".terminationMessagePolicy", text("File"));
      // Always for an untagged or :latest image, IfNotPresent otherwise.
      allowed.put(containers + ".imagePullPolicy", text("Always", "IfNotPresent"));
      allowed.put(containers + ".ports.*.protocol", text("TCP"));
      for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
        String at = containers + "." + probe;
        allowed.put(at + ".timeoutSeconds", number(1));
        allowed.put(at + ".periodSeconds", number(10));
        allowed.put(at + ".successThreshold", number(1));
        allowed.put(at + ".failureThreshold", number(3));
        allowed.put(at + ".httpGet.scheme", text("HTTP"));
        allowed.put(at + ".httpGet.path", text("/"));
      }
      for (String hook : new String[] {"postStart", "preStop"}) {
        allowed.put(containers + ".lifecycle." + hook + ".httpGet.scheme", text("HTTP"));
        allowed.put(containers + ".lifecycle." + hook + ".httpGet.path", text("/"));
      }
    }
    for (String source : new String[] {"configMap", "secret", "projected", "downwardAPI"}) {
      allowed.put("spec.volumes.*." + source + ".defaultMode", number(420));
    }
    allowed.put("spec.volumes.*.hostPath.type", text(""));
    allowed.put("**.fieldRef.apiVersion", text("v1"));
    return allowed;
  }

  private static Set<JsonNode> text(String... values) {
    Set<JsonNode> nodes = new HashSet<>();
    for (String value : values) {
      nodes.add(NODES.textNode(value));
    }
    return nodes;
  }

  private static Set<JsonNode> number(int value) {
    return Set.of(NODES.numberNode(value));
  }
}
