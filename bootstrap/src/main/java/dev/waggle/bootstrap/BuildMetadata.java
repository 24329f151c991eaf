package dev.waggle.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;

/**
 * Bootstrap: what this build is — version, commit, build date — read from the {@code
 * waggle-build.properties} resource Maven fills in, for {@code version} and {@code GET /version}.
 */
public record BuildMetadata(String version, String commit, String buildDate) {
  static final String UNKNOWN = "unknown";
  private static final String RESOURCE = "/waggle-build.properties";

  public BuildMetadata {
    version = known(version);
    commit = known(commit);
    buildDate = known(buildDate);
  }

  /** The metadata of the running build; parts Maven could not fill read {@code unknown}. */
  public static BuildMetadata current() {
    Properties properties = new Properties();
    try (InputStream in = BuildMetadata.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return new BuildMetadata(
        properties.getProperty("version"),
        properties.getProperty("commit"),
        properties.getProperty("buildDate"));
  }

  public String javaVersion() {
    return System.getProperty("java.version", UNKNOWN);
  }

  /** {@code os/arch}, spelled like Go's GOOS/GOARCH pair that ToolHive reports. */
  public String platform() {
    String os = System.getProperty("os.name", UNKNOWN).toLowerCase(Locale.ROOT).replace(' ', '-');
    String arch = System.getProperty("os.arch", UNKNOWN);
    return os + "/" + (arch.equals("x86_64") ? "amd64" : arch.equals("aarch64") ? "arm64" : arch);
  }

  private static String known(String value) {
    // A placeholder Maven left unfilled (no git at build time) is as good as nothing.
    return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value.strip();
  }
}
