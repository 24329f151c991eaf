package dev.waggle.adapters.sources;

import dev.waggle.application.port.out.SourceReadException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Source adapter helper: downloads a registry file over http(s) — redirects followed, any non-2xx
 * status an error, the body capped, the whole exchange bounded by the source's timeout.
 */
final class HttpDocumentFetcher {
  private final HttpClient client =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
  private final long maxBytes;

  HttpDocumentFetcher(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * The URL as messages and logs may show it: credentials in the user info or the query string
   * (private raw-file links often carry a token there) are masked.
   */
  static String display(URI url) {
    String authority = url.getRawAuthority() == null ? "" : url.getRawAuthority();
    return url.getScheme()
        + "://"
        + (url.getRawUserInfo() == null ? "" : "***@")
        + authority.substring(authority.lastIndexOf('@') + 1)
        + (url.getRawPath() == null ? "" : url.getRawPath())
        + (url.getRawQuery() == null ? "" : "?***");
  }

  /** A GET that asks for JSON, as every read of a source over HTTP sends it. */
  static HttpRequest jsonGet(URI url, String shown, Duration timeout) throws SourceReadException {
    try {
      return HttpRequest.newBuilder(url)
          .GET()
          .timeout(timeout)
          .header("Accept", "application/json")
          .header("User-Agent", "waggle-registry")
          .build();
    } catch (IllegalArgumentException e) {
      throw new SourceReadException("GET " + shown + " failed: the URL cannot be requested", e);
    }
  }

  byte[] fetch(URI url, Duration timeout) throws SourceReadException {
    String shown = display(url);
    HttpRequest request = jsonGet(url, shown, timeout);
    CompletableFuture<HttpResponse<byte[]>> exchange =
        client.sendAsync(
            request,
            info ->
                info.statusCode() / 100 == 2
                    ? new CappedBody(maxBytes)
                    : BodySubscribers.replacing(new byte[0]));
    HttpResponse<byte[]> response;
    try {
      // The request timeout only covers the wait for headers; a trickling body must end too.
      response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw new SourceReadException(
          "GET " + shown + " timed out after " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      throw new SourceReadException("GET " + shown + " was interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof HttpTimeoutException) {
        throw new SourceReadException(
            "GET " + shown + " timed out after " + timeout.toMillis() + " ms", cause);
      }
      throw new SourceReadException("GET " + shown + " failed: " + describe(cause), cause);
    }
    if (response.statusCode() / 100 != 2) {
      throw new SourceReadException(
          "GET " + shown + " failed: HTTP status " + response.statusCode());
    }
    return response.body();
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank()
        ? error.getClass().getSimpleName()
        : error.getClass().getSimpleName() + ": " + message;
  }

  /** Collects the body but gives up as soon as it grows beyond the cap. */
  static final class CappedBody implements BodySubscriber<byte[]> {
    private final long maxBytes;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    CappedBody(long maxBytes) {
      this.maxBytes = maxBytes;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer buffer : buffers) {
        if (bytes.size() + (long) buffer.remaining() > maxBytes) {
          subscription.cancel();
          result.completeExceptionally(
              new IOException("the response is larger than " + maxBytes + " bytes"));
          return;
        }
        byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toByteArray());
    }
  }
}
