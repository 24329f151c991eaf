package dev.waggle.application.port.in;

/**
 * Thrown when a publish-API write conflicts with what is stored or configured: the version exists,
 * the claims differ from the entry's, or there is no managed source to write into.
 */
public class EntryConflictException extends RuntimeException {
  public static final String CLAIMS_MISMATCH =
      "claims mismatch: claims do not match existing entry";
  public static final String NO_MANAGED_SOURCE =
      "no managed source available for publishing: add a source with 'managed: {}' to the"
          + " sources of config.yaml, and list it in the registries that should serve what is"
          + " published";

  public EntryConflictException(String message) {
    super(message);
  }

  public static EntryConflictException versionExists(String name, String version) {
    return new EntryConflictException("version already exists: " + name + "@" + version);
  }
}
