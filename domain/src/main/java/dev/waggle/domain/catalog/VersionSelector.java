package dev.waggle.domain.catalog;

import java.util.Objects;
import java.util.Optional;

/** Value object: which version a reader asks for — the latest one, or one exact version. */
public record VersionSelector(Optional<Version> exact) {
  public static final VersionSelector LATEST = new VersionSelector(Optional.empty());

  public VersionSelector {
    Objects.requireNonNull(exact, "'exact' must not be null");
  }

  /** Parses a path or query value: {@code latest} selects the latest, anything else is exact. */
  public static VersionSelector parse(String text) {
    return "latest".equals(text) ? LATEST : new VersionSelector(Optional.of(Version.of(text)));
  }

  public boolean isLatest() {
    return exact.isEmpty();
  }
}
