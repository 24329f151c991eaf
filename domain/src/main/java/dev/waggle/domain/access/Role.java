package dev.waggle.domain.access;

import java.util.Arrays;
import java.util.Optional;

/** Value: what a caller may do on the admin API, named as ToolHive's {@code auth.authz.roles}. */
public enum Role {
  SUPER_ADMIN("superAdmin"),
  MANAGE_SOURCES("manageSources"),
  MANAGE_REGISTRIES("manageRegistries"),
  MANAGE_ENTRIES("manageEntries");

  private final String wireName;

  Role(String wireName) {
    this.wireName = wireName;
  }

  /** The name config files, {@code GET /v1/me} and audit events use. */
  public String wireName() {
    return wireName;
  }

  public static Optional<Role> byWireName(String name) {
    return Arrays.stream(values()).filter(r -> r.wireName.equals(name)).findFirst();
  }
}
