package dev.waggle.adapters.sources;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: the shared reference data next to the checkout; tests using it skip without it. */
final class SharedData {
  private static final Path ROOT = Path.of("../../shared").toAbsolutePath().normalize();

  private SharedData() {}

  static Path path(String relative) {
    assumeTrue(Files.isDirectory(ROOT), "shared reference data not found at " + ROOT);
    Path path = ROOT.resolve(relative);
    assumeTrue(Files.exists(path), "shared reference file not found: " + path);
    return path;
  }

  static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
