package dev.waggle.adapters.sources;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Source adapter settings: where the git reader keeps its clones between syncs, and the bounds on
 * what any one fetch may cost.
 *
 * @param gitDirectory the parent of one bare clone per git source
 * @param maxRepositoryBytes the disk one git clone may take; a fetch that grows past it fails
 * @param maxFileBytes the largest registry file the git reader takes (ToolHive caps files at 100
 *     MiB)
 */
public record SourceReaderSettings(Path gitDirectory, long maxRepositoryBytes, long maxFileBytes) {
  /** One clone may take 1 GiB on disk: ten times ToolHive's in-memory bound, none of it heap. */
  public static final long DEFAULT_MAX_REPOSITORY_BYTES = 1024L * 1024 * 1024;

  public SourceReaderSettings {
    Objects.requireNonNull(gitDirectory, "'gitDirectory' must not be null");
    gitDirectory = gitDirectory.toAbsolutePath().normalize();
    if (maxRepositoryBytes <= 0) {
      throw new IllegalArgumentException("'maxRepositoryBytes' must be positive");
    }
    if (maxFileBytes <= 0 || maxFileBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("'maxFileBytes' must be positive and fit in an array");
    }
  }

  /** The defaults, with the git clones under {@code home/git}. */
  public static SourceReaderSettings under(Path home) {
    return new SourceReaderSettings(
        home.resolve("git"), DEFAULT_MAX_REPOSITORY_BYTES, FileSourceReader.MAX_BYTES);
  }
}
