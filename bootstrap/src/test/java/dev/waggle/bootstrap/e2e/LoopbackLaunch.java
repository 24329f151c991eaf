package dev.waggle.bootstrap.e2e;

import dev.waggle.bootstrap.BuildMetadata;
import dev.waggle.bootstrap.Launcher;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Test fixture: how the end-to-end tests start the real {@link Launcher} — both listeners on free
 * loopback ports, a scheduler tick of 200 ms so that due syncs run promptly, and this build's
 * metadata.
 */
final class LoopbackLaunch {
  private LoopbackLaunch() {}

  /** Launch options with {@code waggleHome} as Waggle's home directory. */
  static Launcher.Options options(Path waggleHome) {
    return new Launcher.Options(
        "127.0.0.1:0", "127.0.0.1:0", waggleHome, Duration.ofMillis(200), BuildMetadata.current());
  }
}
