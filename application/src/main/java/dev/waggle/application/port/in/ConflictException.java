package dev.waggle.application.port.in;

/**
 * Thrown when a write would break a rule about what else is stored or configured — a second managed
 * source, a source deleted while a registry lists it, a published version that exists, an entry's
 * claims that differ, no managed source to publish into; the HTTP edge answers 409 with this
 * message.
 */
public class ConflictException extends RuntimeException {
  public static final String CLAIMS_MISMATCH =
      "claims mismatch: claims do not match existing entry";
  public static final String NO_MANAGED_SOURCE =
      "no managed source available for publishing: add a source with 'managed: {}' to the"
          + " sources of config.yaml, and list it in the registries that should serve what is"
          + " published";

  public ConflictException(String message) {
    super(message);
  }

  public static ConflictException versionExists(String name, String version) {
    return new ConflictException("version already exists: " + name + "@" + version);
  }
}
