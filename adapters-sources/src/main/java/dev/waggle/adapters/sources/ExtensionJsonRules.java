package dev.waggle.adapters.sources;

import static dev.waggle.adapters.sources.JsonChecks.broken;
import static dev.waggle.adapters.sources.JsonChecks.child;
import static dev.waggle.adapters.sources.JsonChecks.length;
import static dev.waggle.adapters.sources.JsonChecks.oneOf;
import static dev.waggle.adapters.sources.JsonChecks.optionalArray;
import static dev.waggle.adapters.sources.JsonChecks.optionalString;
import static dev.waggle.adapters.sources.JsonChecks.requireObject;
import static dev.waggle.adapters.sources.JsonChecks.requiredString;
import static dev.waggle.adapters.sources.JsonChecks.stringItem;
import static dev.waggle.adapters.sources.JsonChecks.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.domain.ValidationException;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.extension.ExtensionId;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.extension.ExtensionStatus;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Source adapter rules: what a skill or plugin entry of a registry file must look like — ToolHive's
 * skill and plugin JSON schemas, checked member by member so that the first broken rule is named
 * with its path and value.
 */
final class ExtensionJsonRules {
  private static final List<String> PACKAGE_TYPES = List.of("oci", "git");
  private static final Set<String> PROVENANCE_KEYS =
      Set.of(
          "sigstore_url",
          "repository_uri",
          "repository_ref",
          "signer_identity",
          "runner_environment",
          "cert_issuer",
          "attestation");

  /**
   * The first rule {@code entry} breaks, its field given under {@code path} (such as {@code
   * skills[2]}); empty when the entry is valid.
   */
  Optional<RuleViolation> check(ExtensionKind kind, JsonNode entry, String path) {
    try {
      checkEntry(kind, entry, path);
      return Optional.empty();
    } catch (JsonChecks.Broken e) {
      return Optional.of(e.violation());
    }
  }

  private static void checkEntry(ExtensionKind kind, JsonNode entry, String path) {
    requireObject(entry, path, "a " + kind.singular());
    String namespace = requiredString(entry, "namespace", path);
    String name = requiredString(entry, "name", path);
    try {
      ExtensionId.of(namespace, name);
    } catch (ValidationException e) {
      throw broken(child(path, e.field()), text(e.rejectedValue()), e.reason());
    }
    length(requiredString(entry, "description", path), 1, 1024, child(path, "description"));
    String version = requiredString(entry, "version", path);
    try {
      Version.of(version);
    } catch (ValidationException e) {
      throw broken(child(path, "version"), text(version), e.reason());
    }
    String status = optionalString(entry, "status", path);
    if (status != null) {
      try {
        ExtensionStatus.fromDocument(child(path, "status"), status);
      } catch (ValidationException e) {
        throw broken(e.field(), text(status), e.reason());
      }
    }
    maxLength(entry, "title", 100, path);
    maxLength(entry, "license", 256, path);
    if (kind == ExtensionKind.SKILL) {
      maxLength(entry, "compatibility", 500, path);
      Set<String> tools = new HashSet<>();
      optionalArray(
          entry,
          "allowedTools",
          path,
          (item, itemPath) -> {
            stringItem(item, itemPath);
            if (!tools.add(item.textValue())) {
              throw broken(itemPath, item, "is listed twice; allowedTools must be unique");
            }
          });
      optionalObject(entry, "provenance", path, ExtensionJsonRules::provenance);
    }
    optionalObject(
        entry,
        "repository",
        path,
        (repository, repositoryPath) -> {
          uriMember(repository, "url", repositoryPath);
          optionalString(repository, "type", repositoryPath);
        });
    optionalArray(
        entry,
        "icons",
        path,
        (icon, iconPath) -> {
          requireObject(icon, iconPath, "an icon");
          requiredString(icon, "src", iconPath);
          for (String key : List.of("size", "type", "label")) {
            optionalString(icon, key, iconPath);
          }
        });
    optionalArray(entry, "packages", path, ExtensionJsonRules::distribution);
    optionalObject(entry, "metadata", path, (value, valuePath) -> {});
    optionalObject(entry, "_meta", path, (value, valuePath) -> {});
  }

  private static void distribution(JsonNode pkg, String path) {
    requireObject(pkg, path, "a package");
    oneOf(requiredString(pkg, "registryType", path), PACKAGE_TYPES, child(path, "registryType"));
    for (String key : List.of("identifier", "digest", "mediaType", "ref", "commit", "subfolder")) {
      optionalString(pkg, key, path);
    }
    uriMember(pkg, "url", path);
  }

  private static void provenance(JsonNode provenance, String path) {
    // The schema closes this object: a misspelt constraint must not silently vanish.
    for (var member : provenance.properties()) {
      String key = member.getKey();
      if (!PROVENANCE_KEYS.contains(key)) {
        throw broken(
            child(path, key),
            member.getValue(),
            "is not a provenance constraint; expected one of "
                + String.join(", ", PROVENANCE_KEYS.stream().sorted().toList()));
      }
      if (!key.equals("attestation")) {
        optionalString(provenance, key, path);
      }
    }
    optionalObject(
        provenance,
        "attestation",
        path,
        (attestation, attestationPath) -> {
          for (var member : attestation.properties()) {
            if (!member.getKey().equals("predicate_type") && !member.getKey().equals("predicate")) {
              throw broken(
                  child(attestationPath, member.getKey()),
                  member.getValue(),
                  "is not an attestation constraint; expected predicate_type or predicate");
            }
          }
          optionalString(attestation, "predicate_type", attestationPath);
          optionalObject(attestation, "predicate", attestationPath, (value, valuePath) -> {});
        });
  }

  private static void maxLength(JsonNode parent, String key, int max, String path) {
    String value = optionalString(parent, key, path);
    if (value != null) {
      length(value, 0, max, child(path, key));
    }
  }

  private static void uriMember(JsonNode parent, String key, String path) {
    String value = optionalString(parent, key, path);
    if (value != null) {
      JsonChecks.uri(value, child(path, key));
    }
  }

  private static void optionalObject(
      JsonNode parent, String key, String path, BiConsumer<JsonNode, String> check) {
    JsonNode value = parent.get(key);
    if (value == null) {
      return;
    }
    String valuePath = child(path, key);
    if (!value.isObject()) {
      throw broken(valuePath, value, "must be a JSON object");
    }
    check.accept(value, valuePath);
  }
}
