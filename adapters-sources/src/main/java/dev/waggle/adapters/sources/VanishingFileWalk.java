package dev.waggle.adapters.sources;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Source-reader helper: walks a git clone while JGit may still be renaming or removing files in it.
 * {@code Files.walk} gives up at the first file that vanishes mid-walk, which made a clone count as
 * empty (passing its size bound) and left failed clones half deleted; a file that vanishes is
 * skipped here instead.
 */
final class VanishingFileWalk {
  private VanishingFileWalk() {}

  /**
   * Calls {@code onFile} for every file still there when reached, and {@code afterDirectory} for
   * every directory once its contents were visited.
   *
   * @throws IOException only when {@code directory} itself cannot be read
   */
  static void walk(
      Path directory, BiConsumer<Path, BasicFileAttributes> onFile, Consumer<Path> afterDirectory)
      throws IOException {
    Files.walkFileTree(
        directory,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            onFile.accept(file, attributes);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            afterDirectory.accept(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
