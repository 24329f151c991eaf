package dev.waggle.bootstrap.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration: password lookup in a libpq password file ({@code PGPASSFILE}, else {@code
 * ~/.pgpass}), so the two-user setups ToolHive documents work unchanged.
 *
 * <p>Lines are {@code hostname:port:database:username:password}; {@code #} starts a comment line;
 * {@code *} in any of the first four fields matches anything; {@code \:} and {@code \\} escape; the
 * first matching line wins. Like ToolHive (pgx), and unlike libpq, file permissions are not
 * checked: Kubernetes mounts secrets group-readable by default.
 */
public final class PgPass {
  private PgPass() {}

  /** Where the password file is looked for: {@code PGPASSFILE}, else {@code ~/.pgpass}. */
  public static Path location(Map<String, String> env, Path userHome) {
    String explicit = env.get("PGPASSFILE");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    return userHome.resolve(".pgpass");
  }

  /** The password of the first line matching all four fields; empty when none or no file. */
  public static Optional<String> lookup(
      Path file, String host, int port, String database, String user) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read password file " + file, e);
    }
    String[] wanted = {host, String.valueOf(port), database, user};
    for (String line : lines) {
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      List<Field> fields = split(line);
      if (fields.size() < 5) {
        continue;
      }
      boolean matches = true;
      for (int i = 0; i < 4 && matches; i++) {
        matches = fields.get(i).matches(wanted[i]);
      }
      if (matches) {
        return Optional.of(fields.get(4).text());
      }
    }
    return Optional.empty();
  }

  /** Splits on unescaped colons; everything after the fourth colon is the password. */
  private static List<Field> split(String line) {
    List<Field> fields = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean escaped = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        current.append(line.charAt(++i));
        escaped = true;
      } else if (c == ':' && fields.size() < 4) {
        fields.add(new Field(current.toString(), escaped));
        current.setLength(0);
        escaped = false;
      } else {
        current.append(c);
      }
    }
    fields.add(new Field(current.toString(), escaped));
    return fields;
  }

  /** One field of a line; an escaped {@code \*} is a literal star, not a wildcard. */
  private record Field(String text, boolean escaped) {
    boolean matches(String wanted) {
      return (!escaped && text.equals("*")) || text.equals(wanted);
    }
  }
}
