package dev.waggle.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.eclipse.jetty.http.HttpStatus;

/**
 * HTTP adapter DTO: the one error body of every endpoint — RFC 9457 problem details, plus the
 * {@code error} member ToolHive clients read (it repeats {@code detail}) and, for bad input, one
 * {@code errors} item per rejected parameter.
 */
@JsonPropertyOrder({"type", "title", "status", "detail", "error", "errors"})
record ProblemJson(
    @JsonProperty("type") String type,
    @JsonProperty("title") String title,
    @JsonProperty("status") int status,
    @JsonProperty("detail") String detail,
    @JsonProperty("error") String error,
    @JsonProperty("errors") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<ProblemDetailJson> errors) {
  static final String CONTENT_TYPE = "application/problem+json";

  ProblemJson {
    errors = List.copyOf(errors);
  }

  static ProblemJson of(int status, String detail) {
    return of(status, detail, List.of());
  }

  static ProblemJson of(int status, String detail, List<ProblemDetailJson> errors) {
    return new ProblemJson(
        "about:blank", HttpStatus.getMessage(status), status, detail, detail, errors);
  }

  /** One rejected input: where it was, what was sent, and what is wrong with it. */
  @JsonPropertyOrder({"location", "value", "message"})
  record ProblemDetailJson(
      @JsonProperty("location") String location,
      @JsonProperty("value") @JsonInclude(JsonInclude.Include.NON_NULL) String value,
      @JsonProperty("message") String message) {}
}
