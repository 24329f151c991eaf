package dev.waggle.domain.registry;

/**
 * Value: who made a source or registry — the configuration file, which alone may change it, or the
 * admin API — named as ToolHive's {@code creationType}.
 */
public enum CreationType {
  /** Written from config.yaml at every start; read-only through the admin API. */
  CONFIG,
  /** Created through the admin API; the configuration never changes or removes it. */
  API
}
