package dev.waggle.domain.extension;

import dev.waggle.domain.ValidationException;
import java.util.regex.Pattern;

/**
 * Value object: what names one skill or plugin — its namespace (an ownership scope such as {@code
 * io.github.stacklok}) and its name. Two entries with the same name in different namespaces are
 * different entries.
 */
public record ExtensionId(String namespace, String name) {
  public static final int MIN_NAMESPACE_LENGTH = 3;
  public static final int MAX_NAMESPACE_LENGTH = 128;
  public static final int MAX_NAME_LENGTH = 64;
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*[a-z0-9]");

  public ExtensionId {
    if (namespace == null) {
      throw new ValidationException("namespace", null, "namespace is required");
    }
    if (namespace.length() < MIN_NAMESPACE_LENGTH || namespace.length() > MAX_NAMESPACE_LENGTH) {
      throw new ValidationException(
          "namespace",
          namespace,
          "must be "
              + MIN_NAMESPACE_LENGTH
              + " to "
              + MAX_NAMESPACE_LENGTH
              + " characters, e.g. io.github.example");
    }
    // The namespace is one segment of the entry's URL; a slash or a control character would make
    // the entry impossible to address.
    if (namespace.chars().anyMatch(c -> c == '/' || Character.isISOControl(c))) {
      throw new ValidationException(
          "namespace", namespace, "must not contain '/' or control characters");
    }
    if (name == null) {
      throw new ValidationException("name", null, "name is required");
    }
    if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
      throw new ValidationException(
          "name",
          name,
          "must be lower-case letters, digits and inner hyphens, 2 to "
              + MAX_NAME_LENGTH
              + " characters");
    }
  }

  public static ExtensionId of(String namespace, String name) {
    return new ExtensionId(namespace, name);
  }

  /** {@code namespace/name}: what a source's name filter is matched against. */
  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
