package dev.waggle.bootstrap.config;

/**
 * Configuration: the {@code audit} block. Audit logging does not run in this version, so an enabled
 * block is refused and the settings in force are always "disabled".
 */
public record AuditConfig(boolean enabled) {
  public static final AuditConfig DISABLED = new AuditConfig(false);
}
