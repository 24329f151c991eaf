package dev.waggle.bootstrap.config;

import java.util.List;
import java.util.stream.Collectors;

/** Configuration: thrown when a config file cannot be used; carries every problem found. */
public class InvalidConfigException extends RuntimeException {
  private final transient List<ConfigProblem> problems;

  public InvalidConfigException(List<ConfigProblem> problems) {
    super(
        "invalid configuration:\n"
            + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }
}
