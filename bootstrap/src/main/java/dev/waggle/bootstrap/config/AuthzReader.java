package dev.waggle.bootstrap.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.domain.access.ClaimRule;
import dev.waggle.domain.access.Role;
import dev.waggle.domain.access.RoleRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Configuration: the {@code auth.authz} block (ToolHive's shape: {@code roles}, each role a list of
 * claim rules) read into {@link RoleRules}, every mistake reported with its key path and value. A
 * rule that could never match — empty, or with an empty value list — is an error rather than a
 * silent grant to nobody.
 */
final class AuthzReader {
  static final String PATH = "auth.authz";
  private static final String ROLE_NAMES =
      Arrays.stream(Role.values()).map(Role::wireName).collect(Collectors.joining(", "));

  private final ConfigReport report;

  AuthzReader(ConfigReport report) {
    this.report = report;
  }

  /** The rules of a written {@code authz} block; empty when it has errors (all reported). */
  Optional<RoleRules> read(JsonNode authz) {
    if (!authz.isObject()) {
      report.error(PATH, "must be a mapping with a `roles` key" + got(authz));
      return Optional.empty();
    }
    boolean valid = true;
    for (Iterator<String> keys = authz.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!key.equals("roles")) {
        report.error(PATH + "." + key, "unknown key; auth.authz holds only `roles`");
        valid = false;
      }
    }
    JsonNode roles = authz.get("roles");
    Map<Role, List<ClaimRule>> rules = new EnumMap<>(Role.class);
    if (roles == null || roles.isNull() || (roles.isObject() && roles.isEmpty())) {
      report.warning(
          PATH + ".roles",
          "grants no role: with auth.authz set, nobody may use the admin API and every caller"
              + " sees only what its token's claims reach");
    } else if (!roles.isObject()) {
      report.error(PATH + ".roles", "must map role names to lists of claim rules" + got(roles));
      return Optional.empty();
    } else {
      for (Map.Entry<String, JsonNode> role : roles.properties()) {
        String at = PATH + ".roles." + role.getKey();
        Optional<Role> known = Role.byWireName(role.getKey());
        if (known.isEmpty()) {
          report.error(at, "unknown role; the roles are " + ROLE_NAMES);
          valid = false;
          continue;
        }
        Optional<List<ClaimRule>> list = rules(at, role.getValue());
        if (list.isPresent()) {
          rules.put(known.get(), list.get());
        } else {
          valid = false;
        }
      }
    }
    return valid ? Optional.of(new RoleRules(rules)) : Optional.empty();
  }

  private Optional<List<ClaimRule>> rules(String at, JsonNode node) {
    if (node == null || node.isNull()) {
      return Optional.of(List.of());
    }
    if (!node.isArray()) {
      report.error(
          at,
          "must be a list of claim rules, each rule a list item such as `- {org: acme}`"
              + got(node));
      return Optional.empty();
    }
    List<ClaimRule> rules = new ArrayList<>();
    boolean valid = true;
    for (int i = 0; i < node.size(); i++) {
      Optional<ClaimRule> rule = rule(at + "[" + i + "]", node.get(i));
      if (rule.isPresent()) {
        rules.add(rule.get());
      } else {
        valid = false;
      }
    }
    return valid ? Optional.of(rules) : Optional.empty();
  }

  private Optional<ClaimRule> rule(String at, JsonNode node) {
    if (!node.isObject()) {
      report.error(at, "must map claim names to a value or a list of values" + got(node));
      return Optional.empty();
    }
    if (node.isEmpty()) {
      report.error(at, "an empty rule matches no token; name at least one claim, e.g. {org: acme}");
      return Optional.empty();
    }
    Map<String, List<String>> required = new LinkedHashMap<>();
    boolean valid = true;
    for (Map.Entry<String, JsonNode> claim : node.properties()) {
      String claimAt = at + "." + claim.getKey();
      Optional<List<String>> values = values(claimAt, claim.getValue());
      if (claim.getKey().isBlank()) {
        report.error(claimAt, "a claim name must not be blank");
        valid = false;
      } else if (values.isPresent()) {
        required.put(claim.getKey(), values.get());
      } else {
        valid = false;
      }
    }
    return valid ? Optional.of(new ClaimRule(required)) : Optional.empty();
  }

  private Optional<List<String>> values(String at, JsonNode node) {
    if (node.isTextual()) {
      return Optional.of(List.of(node.textValue()));
    }
    if (!node.isArray()) {
      report.error(at, "must be a string or a list of strings" + got(node));
      return Optional.empty();
    }
    if (node.isEmpty()) {
      report.error(at, "an empty list matches no token; list at least one value");
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode value = node.get(i);
      if (!value.isTextual()) {
        report.error(at + "[" + i + "]", "must be a string" + got(value));
        return Optional.empty();
      }
      values.add(value.textValue());
    }
    return Optional.of(values);
  }

  private static String got(JsonNode node) {
    return " (got " + node + ")";
  }
}
