package dev.waggle.adapters.http;

import dev.waggle.adapters.http.ProblemJson.ProblemDetailJson;
import java.util.List;
import java.util.stream.Collectors;

/**
 * HTTP adapter error: the request's parameters were rejected; carries one item per bad parameter so
 * the 400 body can name each one.
 */
final class InvalidRequestException extends RuntimeException {
  private final transient List<ProblemDetailJson> problems;

  InvalidRequestException(List<ProblemDetailJson> problems) {
    super(describe(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("'problems' must not be empty");
    }
    this.problems = List.copyOf(problems);
  }

  List<ProblemDetailJson> problems() {
    return problems;
  }

  private static String describe(List<ProblemDetailJson> problems) {
    return problems.stream()
        .map(InvalidRequestException::describe)
        .collect(Collectors.joining("; "));
  }

  private static String describe(ProblemDetailJson problem) {
    int dot = problem.location().indexOf('.');
    String where =
        dot < 0
            ? "parameter '" + problem.location() + "'"
            : problem.location().substring(0, dot)
                + " parameter '"
                + problem.location().substring(dot + 1)
                + "'";
    String got = problem.value() == null ? "" : " (got \"" + problem.value() + "\")";
    return where + ": " + problem.message() + got;
  }
}
