package dev.waggle.bootstrap;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Bootstrap: {@code CONFIG_FILE} names the config file of any command whose {@code --config} is not
 * given, as with ToolHive's images; the flag wins when both are there.
 */
final class ConfigFileVariable implements IDefaultValueProvider {
  static final String VARIABLE = "CONFIG_FILE";
  private static final String OPTION = "--config";

  private final Map<String, String> env;

  ConfigFileVariable(Map<String, String> env) {
    this.env = Objects.requireNonNull(env, "'env' must not be null");
  }

  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option) || !option.longestName().equals(OPTION)) {
      return null;
    }
    return Optional.ofNullable(env.get(VARIABLE)).filter(v -> !v.isBlank()).orElse(null);
  }
}
