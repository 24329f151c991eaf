package dev.waggle.bootstrap;

import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.ConfigResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Bootstrap: the quickstart config and catalog files packed into the jar, so that {@code serve}
 * without {@code --config} has something to serve. They are unpacked under {@code
 * WAGGLE_HOME/bundled} on every start (a newer jar brings newer files), and the config's relative
 * paths resolve against that directory.
 */
final class BundledExample {
  static final String RESOURCE_ROOT = "/waggle-bundled/";
  static final String CONFIG = "examples/config-quickstart.yaml";
  static final List<String> FILES =
      List.of(CONFIG, "examples/catalog/waggle-curated.json", "examples/catalog/community.json");

  private BundledExample() {}

  /** Unpacks the bundle into {@code home} and loads its config. */
  static ConfigResult load(ConfigLoader loader, Path home) {
    Path directory = unpack(home);
    return loader.relativeTo(directory).load(directory.resolve(CONFIG));
  }

  static Path unpack(Path home) {
    Path directory = home.resolve("bundled");
    try {
      for (String file : FILES) {
        Path target = directory.resolve(file);
        Files.createDirectories(target.getParent());
        try (InputStream in = BundledExample.class.getResourceAsStream(RESOURCE_ROOT + file)) {
          if (in == null) {
            throw new IllegalStateException("the jar lacks its bundled " + file);
          }
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot unpack the bundled example into " + directory + ": " + e.getMessage(), e);
    }
    return directory;
  }
}
