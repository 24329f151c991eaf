package dev.waggle.bootstrap;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bootstrap: the generated passwords of the embedded PostgreSQL — its superuser (migrates and
 * provisions) and the app user (serves) — kept in a file only its owner may read, outside the data
 * directory so that a copy of the data does not carry the keys to it.
 */
record EmbeddedSecrets(String superuser, String app) {
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final String SUPERUSER_KEY = "superuser.password";
  private static final String APP_KEY = "app.password";
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSecrets.class);

  EmbeddedSecrets {
    if (superuser == null || superuser.isBlank() || app == null || app.isBlank()) {
      throw new IllegalArgumentException("both passwords are required");
    }
  }

  /** Two fresh passwords of 256 random bits each. */
  static EmbeddedSecrets generate() {
    SecureRandom random = new SecureRandom();
    return new EmbeddedSecrets(password(random), password(random));
  }

  private static String password(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The passwords in {@code file}, or new ones written there when it does not exist yet. */
  static EmbeddedSecrets readOrCreate(Path file) {
    if (Files.exists(file)) {
      return read(file);
    }
    EmbeddedSecrets secrets = generate();
    secrets.writeTo(file);
    LOG.info(
        "Generated the embedded PostgreSQL passwords in {} (readable by this user only)", file);
    return secrets;
  }

  /**
   * The passwords in {@code file}; a file others may read is made private again first.
   *
   * @throws IllegalStateException when it is missing or incomplete
   */
  static EmbeddedSecrets read(Path file) {
    if (!Files.exists(file)) {
      throw new IllegalStateException(
          "the embedded PostgreSQL requires the passwords kept in "
              + file
              + ", which is missing; restore it from a backup, or move the data directory away"
              + " to start with an empty database");
    }
    restrict(file);
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    String superuser = properties.getProperty(SUPERUSER_KEY);
    String app = properties.getProperty(APP_KEY);
    if (superuser == null || superuser.isBlank() || app == null || app.isBlank()) {
      throw new IllegalStateException(
          file + " must hold both " + SUPERUSER_KEY + " and " + APP_KEY);
    }
    return new EmbeddedSecrets(superuser, app);
  }

  /** Writes the file whole or not at all, readable by its owner only from the first byte. */
  void writeTo(Path file) {
    Path temporary = null;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      temporary = createPrivate(file.resolveSibling(file.getFileName() + ".tmp"));
      try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
        writer.write("# Passwords of Waggle's embedded PostgreSQL. Keep this file private.\n");
        writer.write(SUPERUSER_KEY + "=" + superuser + "\n");
        writer.write(APP_KEY + "=" + app + "\n");
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    } finally {
      deleteQuietly(temporary);
    }
  }

  /**
   * Writes the superuser password alone to a private file next to {@code secretsFile}, in the form
   * initdb's {@code --pwfile} reads; the caller deletes it once initdb ran.
   */
  Path writeInitdbPasswordFile(Path secretsFile) {
    Path file = secretsFile.resolveSibling(secretsFile.getFileName() + ".initdb");
    try {
      deleteQuietly(file);
      createPrivate(file);
      Files.writeString(file, superuser + "\n", StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Cannot delete {}: {}", file, e.getMessage());
    }
  }

  private static Path createPrivate(Path file) throws IOException {
    Files.deleteIfExists(file);
    try {
      return Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): the user's profile directory is private already.
      return Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(file + " appeared while it was being created", e);
    }
  }

  private static void restrict(Path file) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (!permissions.equals(OWNER_ONLY)) {
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        LOG.warn(
            "{} was readable by others ({}); it is now readable by its owner only",
            file,
            PosixFilePermissions.toString(permissions));
      }
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system; nothing to tighten.
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check the permissions of " + file, e);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedSecrets[***]";
  }
}
