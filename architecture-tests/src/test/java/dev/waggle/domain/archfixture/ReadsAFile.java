package dev.waggle.domain.archfixture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Rule fixture: a domain class that reads a file, which the I/O rule must catch. */
public final class ReadsAFile {
  private ReadsAFile() {}

  static String read(Path path) throws IOException {
    return Files.readString(path);
  }
}
