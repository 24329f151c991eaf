package dev.waggle.adapters.sources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.application.port.out.SourceReadException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source adapter helper: GETs one page of an upstream MCP Registry's server list — retrying what
 * passes (connection failures, time-outs, 429 and 5xx) with exponential backoff and jitter, as long
 * as the upstream's {@code Retry-After} says, and checking that what came back is the API at all.
 */
final class ApiPageClient {
  private static final Logger LOG = LoggerFactory.getLogger(ApiPageClient.class);

  /** ToolHive's cap on one response. */
  static final long MAX_PAGE_BYTES = 100L * 1024 * 1024;

  /**
   * How hard to try one page.
   *
   * @param attempts tries in all, the first included
   * @param firstBackoff the wait after the first failure; each next one doubles, with jitter
   * @param maxBackoff the longest computed wait
   * @param maxRetryAfter the longest {@code Retry-After} honoured; a longer one ends this sync
   */
  record Retry(int attempts, Duration firstBackoff, Duration maxBackoff, Duration maxRetryAfter) {
    static final Retry DEFAULT =
        new Retry(5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(2));

    Retry {
      if (attempts < 1) {
        throw new IllegalArgumentException("'attempts' must be at least 1");
      }
      Objects.requireNonNull(firstBackoff, "'firstBackoff' must not be null");
      Objects.requireNonNull(maxBackoff, "'maxBackoff' must not be null");
      Objects.requireNonNull(maxRetryAfter, "'maxRetryAfter' must not be null");
    }

    /** The wait after the {@code failures}-th failure, as a supplier for an absent header. */
    java.util.function.Supplier<Duration> backoffAfter(int failures) {
      return () -> backoff(failures);
    }

    /** Jitter over the upper half of the doubled wait, so that replicas do not retry in step. */
    Duration backoff(int failures) {
      long ceiling =
          Math.min(
              maxBackoff.toMillis(),
              firstBackoff.toMillis() * (1L << Math.min(20, Math.max(0, failures - 1))));
      return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }
  }

  private final HttpClient client =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NORMAL)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final Retry retry;

  ApiPageClient(Retry retry) {
    this.retry = retry;
  }

  /** What one GET gave: the page, or a failure worth trying again (and when). */
  private sealed interface Outcome {}

  private record Page(JsonNode root) implements Outcome {}

  private record Transient(String problem, Optional<Duration> retryAfter) implements Outcome {}

  /**
   * The page at {@code url} as a server list: a JSON object whose {@code servers} is an array.
   *
   * @param source the source's name, for the log
   */
  JsonNode page(URI url, Duration timeout, String source) throws SourceReadException {
    // The query is this reader's own paging (limit, cursor, updated_since), never a secret.
    String shown =
        HttpDocumentFetcher.display(url).replaceFirst("\\?\\*\\*\\*$", "")
            + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    for (int attempt = 1; ; attempt++) {
      Outcome outcome = attempt(url, shown, timeout);
      if (outcome instanceof Page page) {
        return page.root();
      }
      Transient failure = (Transient) outcome;
      if (attempt >= retry.attempts()) {
        throw new SourceReadException(
            "GET "
                + shown
                + " failed "
                + attempt
                + (attempt == 1 ? " time" : " times")
                + ", last: "
                + failure.problem());
      }
      Duration wait = failure.retryAfter().orElseGet(retry.backoffAfter(attempt));
      if (wait.compareTo(retry.maxRetryAfter()) > 0) {
        throw new SourceReadException(
            "GET "
                + shown
                + ": "
                + failure.problem()
                + ", and the upstream asks to wait "
                + wait.toSeconds()
                + " s, longer than the "
                + retry.maxRetryAfter().toSeconds()
                + " s one sync waits");
      }
      LOG.warn(
          "api source {}: GET {}: {}; attempt {} of {} in {} ms",
          source,
          shown,
          failure.problem(),
          attempt + 1,
          retry.attempts(),
          wait.toMillis());
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SourceReadException("GET " + shown + " was interrupted while waiting to retry");
      }
    }
  }

  private Outcome attempt(URI url, String shown, Duration timeout) throws SourceReadException {
    HttpRequest request = HttpDocumentFetcher.jsonGet(url, shown, timeout);
    CompletableFuture<HttpResponse<byte[]>> exchange =
        client.sendAsync(request, info -> new HttpDocumentFetcher.CappedBody(MAX_PAGE_BYTES));
    HttpResponse<byte[]> response;
    try {
      // The request timeout only covers the wait for headers; a trickling page must end too.
      response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      return new Transient(
          "no complete answer within " + timeout.toMillis() + " ms", Optional.empty());
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      throw new SourceReadException("GET " + shown + " was interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof HttpTimeoutException) {
        return new Transient("no answer within " + timeout.toMillis() + " ms", Optional.empty());
      }
      if (cause instanceof IOException
          && String.valueOf(cause.getMessage()).startsWith("the response is larger")) {
        throw new SourceReadException("GET " + shown + " failed: " + cause.getMessage(), cause);
      }
      return new Transient(describe(cause), Optional.empty());
    }
    int status = response.statusCode();
    if (status == 429 || status / 100 == 5) {
      return new Transient(
          "HTTP " + status,
          retryAfter(response.headers().firstValue("Retry-After"), Instant.now()));
    }
    String contentType = response.headers().firstValue("Content-Type").orElse("no content type");
    if (status / 100 != 2) {
      throw new SourceReadException(
          "GET "
              + shown
              + " answered HTTP "
              + status
              + " ("
              + contentType
              + startOf(response.body())
              + "); "
              + EXPECTED
              + (status == 404 ? "; " + WHERE : ""));
    }
    return new Page(serverList(response.body(), shown, contentType));
  }

  private static final String EXPECTED =
      "expected the MCP Registry API's server list (v0.1: a JSON object with a \"servers\" array"
          + " and \"metadata.nextCursor\")";

  private static final String WHERE =
      "api.endpoint must be the base URL the API hangs under, such as"
          + " https://registry.modelcontextprotocol.io, or another Waggle's or a ToolHive"
          + " Registry Server's https://host/registry/{name}";

  /** The body as a server list, or a message saying what came back instead. */
  private static JsonNode serverList(byte[] body, String shown, String contentType)
      throws SourceReadException {
    JsonNode root;
    try {
      root = JsonDocuments.MAPPER.readTree(body);
    } catch (IOException e) {
      root = null;
    }
    String got;
    if (root == null || root.isMissingNode()) {
      got = contentType + ", not JSON" + startOf(body);
    } else if (!root.isObject()) {
      got = "a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT);
    } else if (!root.path("servers").isArray()) {
      List<String> keys = new ArrayList<>();
      Iterator<String> names = root.fieldNames();
      while (names.hasNext() && keys.size() < 8) {
        keys.add(names.next());
      }
      got = "a JSON object with the keys " + keys;
    } else {
      return root;
    }
    throw new SourceReadException(
        "GET "
            + shown
            + " did not answer as the MCP Registry API: "
            + EXPECTED
            + ", got "
            + got
            + "; "
            + WHERE);
  }

  private static String startOf(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String text =
        new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8)
            .replaceAll("\\s+", " ")
            .strip();
    return text.isEmpty() ? "" : ", starting \"" + text + (body.length > 120 ? "...\"" : "\"");
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank()
        ? error.getClass().getSimpleName()
        : error.getClass().getSimpleName() + ": " + message;
  }

  static Optional<Duration> retryAfter(Optional<String> header, Instant now) {
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String value = header.get().trim();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(now, at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }
}
