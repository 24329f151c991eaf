package dev.waggle.adapters.sources;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Source adapter settings: where the git reader keeps its clones between syncs, where it finds its
 * ssh keys and known hosts, and the bounds on what any one fetch may cost.
 *
 * @param gitDirectory the parent of one bare clone per git source
 * @param maxRepositoryBytes the disk one git clone may take; a fetch that grows past it fails
 * @param maxFileBytes the largest registry file the git reader takes (ToolHive caps files at 100
 *     MiB)
 * @param sshDirectory where git over ssh finds its private keys ({@code id_ed25519}, {@code
 *     id_ecdsa}, {@code id_rsa}), {@code known_hosts} and {@code config}, as OpenSSH does
 */
public record SourceReaderSettings(
    Path gitDirectory, long maxRepositoryBytes, long maxFileBytes, Path sshDirectory) {
  /** One clone may take 1 GiB on disk: ten times ToolHive's in-memory bound, none of it heap. */
  public static final long DEFAULT_MAX_REPOSITORY_BYTES = 1024L * 1024 * 1024;

  public SourceReaderSettings {
    Objects.requireNonNull(gitDirectory, "'gitDirectory' must not be null");
    Objects.requireNonNull(sshDirectory, "'sshDirectory' must not be null");
    gitDirectory = gitDirectory.toAbsolutePath().normalize();
    sshDirectory = sshDirectory.toAbsolutePath().normalize();
    if (maxRepositoryBytes <= 0) {
      throw new IllegalArgumentException("'maxRepositoryBytes' must be positive");
    }
    if (maxFileBytes <= 0 || maxFileBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("'maxFileBytes' must be positive and fit in an array");
    }
  }

  /** Settings whose ssh keys and known hosts are the user's own, in {@code ~/.ssh}. */
  public SourceReaderSettings(Path gitDirectory, long maxRepositoryBytes, long maxFileBytes) {
    this(gitDirectory, maxRepositoryBytes, maxFileBytes, userSshDirectory());
  }

  /** The defaults, with the git clones under {@code home/git}. */
  public static SourceReaderSettings under(Path home) {
    return new SourceReaderSettings(
        home.resolve("git"), DEFAULT_MAX_REPOSITORY_BYTES, FileSourceReader.MAX_BYTES);
  }

  /** These settings with ssh keys and known hosts taken from {@code directory}. */
  public SourceReaderSettings withSshDirectory(Path directory) {
    return new SourceReaderSettings(gitDirectory, maxRepositoryBytes, maxFileBytes, directory);
  }

  private static Path userSshDirectory() {
    return Path.of(System.getProperty("user.home"), ".ssh");
  }
}
