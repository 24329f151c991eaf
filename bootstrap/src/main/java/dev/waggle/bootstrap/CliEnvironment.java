package dev.waggle.bootstrap;

import dev.waggle.bootstrap.config.ConfigLoader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Bootstrap: what the commands read from the outside world — the environment, the working and home
 * directories, and whether a person is at the keyboard — so tests can hand in their own.
 */
public record CliEnvironment(
    Map<String, String> env,
    Path workingDirectory,
    Path userHome,
    boolean interactive,
    Reader stdin) {
  public CliEnvironment {
    env = Map.copyOf(Objects.requireNonNull(env, "'env' must not be null"));
    workingDirectory = workingDirectory.toAbsolutePath().normalize();
    Objects.requireNonNull(userHome, "'userHome' must not be null");
    Objects.requireNonNull(stdin, "'stdin' must not be null");
  }

  /**
   * This process's environment; interactive when the JVM has a console (stdin and stdout a TTY).
   */
  public static CliEnvironment system() {
    return new CliEnvironment(
        System.getenv(),
        Path.of(""),
        Path.of(System.getProperty("user.home", ".")),
        System.console() != null,
        new InputStreamReader(System.in, Charset.defaultCharset()));
  }

  ConfigLoader configLoader() {
    return new ConfigLoader(env, workingDirectory, userHome);
  }

  Path waggleHome() {
    return WaggleHome.resolve(env, workingDirectory);
  }

  BufferedReader stdinLines() {
    return stdin instanceof BufferedReader buffered ? buffered : new BufferedReader(stdin);
  }
}
