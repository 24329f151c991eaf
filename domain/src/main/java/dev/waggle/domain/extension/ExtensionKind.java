package dev.waggle.domain.extension;

/**
 * The two ToolHive extension entry types a registry file may carry beside its servers; each is
 * served under its own plural name.
 */
public enum ExtensionKind {
  SKILL("skill", "skills"),
  PLUGIN("plugin", "plugins");

  private final String singular;
  private final String plural;

  ExtensionKind(String singular, String plural) {
    this.singular = singular;
    this.plural = plural;
  }

  /** The lower-case name of one entry ({@code skill}), as stored. */
  public String singular() {
    return singular;
  }

  /** The key of the list in a registry file's {@code data} and in the API ({@code skills}). */
  public String plural() {
    return plural;
  }
}
