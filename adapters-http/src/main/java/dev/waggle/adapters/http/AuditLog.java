package dev.waggle.adapters.http;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP adapter helper: where audit lines go — standard output (the application log is on standard
 * error, so the two streams never mix), or a file opened for appending with mode 0600. Not a logger
 * on purpose: a log level or a logback file cannot silence the audit trail, and each line is handed
 * over in one write under one lock, so lines from concurrent requests never interleave.
 */
final class AuditLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private final Optional<Path> file;
  private final FileChannel channel;
  private final PrintStream stdout;
  private boolean failing;

  private AuditLog(Optional<Path> file, FileChannel channel, PrintStream stdout) {
    this.file = file;
    this.channel = channel;
    this.stdout = stdout;
  }

  /** Lines to standard output. */
  static AuditLog standardOutput() {
    return new AuditLog(Optional.empty(), null, System.out);
  }

  /**
   * Opens {@code path} for appending, creating it with mode 0600. An existing file is kept as it
   * is, unless others than its owner may read or write it: audit lines can hold request data, so
   * that is refused rather than widened or silently changed.
   *
   * @throws IllegalStateException naming the file and what to do about it
   */
  static AuditLog open(Path path) {
    Path target = path.toAbsolutePath().normalize();
    try {
      if (Files.isSymbolicLink(target)) {
        target = target.toRealPath();
      }
      boolean posix = target.getFileSystem().supportedFileAttributeViews().contains("posix");
      FileAttribute<?>[] attributes =
          posix
              ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
              : new FileAttribute<?>[0];
      FileChannel channel =
          FileChannel.open(
              target,
              EnumSet.of(
                  StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
              attributes);
      if (posix) {
        // Checked on the file now open, so a file made meanwhile by someone else counts too.
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(target);
        if (!OWNER_ONLY.containsAll(mode)) {
          channel.close();
          throw new IllegalStateException(
              "audit.logFile "
                  + target
                  + " has mode "
                  + PosixFilePermissions.toString(mode)
                  + ", open to others than its owner; audit lines can hold request data: run"
                  + " chmod 600 on it (or remove it) and start again");
        }
      }
      return new AuditLog(Optional.of(target), channel, null);
    } catch (IOException e) {
      throw new IllegalStateException(
          "audit.logFile: cannot open " + target + " for appending: " + e, e);
    }
  }

  Optional<Path> file() {
    return file;
  }

  /** Writes one whole line; a failure is logged (once until writes work again), never thrown. */
  synchronized void write(byte[] line) {
    try {
      if (channel != null) {
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      } else {
        // PrintStream writes a whole array under its own lock, as logback does.
        stdout.write(line, 0, line.length);
        stdout.flush();
        if (stdout.checkError()) {
          throw new IOException("standard output is closed or failing");
        }
      }
      failing = false;
    } catch (IOException | UncheckedIOException e) {
      if (!failing) {
        failing = true;
        LOG.error(
            "Cannot write audit events to {}: {}; events are lost until writing works again",
            file.map(Path::toString).orElse("standard output"),
            e.getMessage());
      }
    }
  }

  @Override
  public synchronized void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.warn("Cannot close the audit log {}: {}", file.orElseThrow(), e.getMessage());
      }
    }
  }
}
