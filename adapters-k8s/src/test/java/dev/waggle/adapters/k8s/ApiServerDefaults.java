package dev.waggle.adapters.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Test support: what a real API server writes into a Deployment it stores (the mock server writes
 * nothing), so that tests can feed the operator a live object as a cluster would return it.
 */
public final class ApiServerDefaults {
  private ApiServerDefaults() {}

  /** Fills the defaults into {@code deployment} in place and returns it. */
  public static Deployment apply(Deployment deployment) {
    var spec = deployment.getSpec();
    if (spec.getStrategy() == null) {
      spec.setStrategy(
          new DeploymentStrategyBuilder()
              .withType("RollingUpdate")
              .withNewRollingUpdate()
              .withNewMaxSurge("25%")
              .withNewMaxUnavailable("25%")
              .endRollingUpdate()
              .build());
    }
    if (spec.getRevisionHistoryLimit() == null) {
      spec.setRevisionHistoryLimit(10);
    }
    if (spec.getProgressDeadlineSeconds() == null) {
      spec.setProgressDeadlineSeconds(600);
    }
    PodSpec pod = spec.getTemplate().getSpec();
    if (pod.getRestartPolicy() == null) {
      pod.setRestartPolicy("Always");
    }
    if (pod.getDnsPolicy() == null) {
      pod.setDnsPolicy("ClusterFirst");
    }
    if (pod.getSchedulerName() == null) {
      pod.setSchedulerName("default-scheduler");
    }
    if (pod.getTerminationGracePeriodSeconds() == null) {
      pod.setTerminationGracePeriodSeconds(30L);
    }
    if (pod.getSecurityContext() == null) {
      pod.setSecurityContext(new PodSecurityContext());
    }
    List<Container> containers = new ArrayList<>(pod.getContainers());
    containers.addAll(pod.getInitContainers());
    for (Container container : containers) {
      if (container.getTerminationMessagePath() == null) {
        container.setTerminationMessagePath("/dev/termination-log");
      }
      if (container.getTerminationMessagePolicy() == null) {
        container.setTerminationMessagePolicy("File");
      }
      if (container.getImagePullPolicy() == null) {
        container.setImagePullPolicy(
            container.getImage().endsWith(":latest") ? "Always" : "IfNotPresent");
      }
      if (container.getResources() == null) {
        container.setResources(new ResourceRequirements());
      }
      for (ContainerPort port : container.getPorts()) {
        if (port.getProtocol() == null) {
          port.setProtocol("TCP");
        }
      }
      for (Probe probe :
          new Probe[] {
            container.getLivenessProbe(), container.getReadinessProbe(), container.getStartupProbe()
          }) {
        if (probe == null) {
          continue;
        }
        if (probe.getTimeoutSeconds() == null) {
          probe.setTimeoutSeconds(1);
        }
        if (probe.getPeriodSeconds() == null) {
          probe.setPeriodSeconds(10);
        }
        if (probe.getSuccessThreshold() == null) {
          probe.setSuccessThreshold(1);
        }
        if (probe.getFailureThreshold() == null) {
          probe.setFailureThreshold(3);
        }
        if (probe.getHttpGet() != null && probe.getHttpGet().getScheme() == null) {
          probe.getHttpGet().setScheme("HTTP");
        }
      }
      for (EnvVar env : container.getEnv()) {
        if (env.getValueFrom() != null
            && env.getValueFrom().getFieldRef() != null
            && env.getValueFrom().getFieldRef().getApiVersion() == null) {
          env.getValueFrom().getFieldRef().setApiVersion("v1");
        }
      }
    }
    for (Volume volume : pod.getVolumes()) {
      if (volume.getConfigMap() != null && volume.getConfigMap().getDefaultMode() == null) {
        volume.getConfigMap().setDefaultMode(420);
      }
      if (volume.getSecret() != null && volume.getSecret().getDefaultMode() == null) {
        volume.getSecret().setDefaultMode(420);
      }
    }
    return deployment;
  }
}
