package dev.waggle.adapters.k8s.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.Labels;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Kubernetes adapter: the {@code MCPRegistry} custom resource at its older, still served version
 * {@code v1alpha1}; it shares the schema of {@link McpRegistry}, so no conversion is needed. Only
 * the CRD generator reads this class.
 */
@Group(McpRegistry.GROUP)
@Version(
    value = "v1alpha1",
    storage = false,
    served = true,
    deprecated = true,
    deprecationWarning =
        "toolhive.stacklok.dev/v1alpha1 MCPRegistry is deprecated; use"
            + " toolhive.stacklok.dev/v1beta1 MCPRegistry")
@Kind(McpRegistry.KIND)
@Plural("mcpregistries")
@Singular("mcpregistry")
@ShortNames({"mcpreg", "registry"})
@Categories("toolhive")
@Labels("toolhive.stacklok.dev/auto-migrate-storage-version=true")
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type=='Ready')].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Replicas",
    jsonPath = ".status.readyReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "URL",
    jsonPath = ".status.url",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class McpRegistryV1Alpha1 extends CustomResource<McpRegistrySpec, McpRegistryStatus>
    implements Namespaced {}
