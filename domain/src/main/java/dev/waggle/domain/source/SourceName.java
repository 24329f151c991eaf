package dev.waggle.domain.source;

import dev.waggle.domain.ValidationException;
import java.util.regex.Pattern;

/** Value object: a source's name, an RFC 1123 DNS label (it also names Kubernetes leases). */
public record SourceName(String value) implements Comparable<SourceName> {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public SourceName {
    if (value == null || !DNS_LABEL.matcher(value).matches()) {
      throw new ValidationException(
          "name",
          value,
          "source name must be a DNS label: lower-case letters, digits and '-', at most 63"
              + " characters, starting and ending with a letter or digit");
    }
  }

  public static SourceName of(String value) {
    return new SourceName(value);
  }

  @Override
  public int compareTo(SourceName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
