package dev.waggle.adapters.http;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * HTTP adapter helper: answers the errors Jetty raises before a request reaches a route (a
 * malformed or ambiguous URI, a header too large, {@code OPTIONS *}) with the same problem+json
 * body, request id and access-log line as every other answer.
 */
final class ProblemErrorHandler extends ErrorHandler {
  private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
  private final boolean cors;
  private final AccessLog accessLog;

  /**
   * @param cors whether answers to reads carry the CORS headers, so that a browser can read them
   * @param accessLog the listener's access log, which never sees these requests otherwise
   */
  ProblemErrorHandler(boolean cors, AccessLog accessLog) {
    this.cors = cors;
    this.accessLog = accessLog;
  }

  /** Jetty writes a body only for GET, POST and HEAD by default; every caller deserves one. */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    String title = HttpStatus.getMessage(code);
    String detail;
    if (code >= 500) {
      // Jetty's message for a 5xx may be an exception's text; it must not reach the caller.
      detail = title;
    } else if (code == 400 && (message == null || message.equals(title))) {
      detail = "Malformed request; check the percent-encoding of the URL.";
    } else if (code == 404) {
      detail = "No endpoint " + request.getMethod() + " " + path(request) + ".";
    } else {
      detail = message == null ? title : message;
    }
    String requestId = RequestIds.newId();
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemJson.CONTENT_TYPE);
    response.getHeaders().put(RequestIds.HEADER, requestId);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    // Jetty names a request it could not parse "BAD"; a browser reading such an error of a GET
    // must still see it, while no answer to a write carries CORS headers.
    if (cors && !WRITE_METHODS.contains(request.getMethod())) {
      Cors.HEADERS.forEach(response.getHeaders()::put);
    }
    accessLog.log(
        request.getMethod(),
        path(request),
        code,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.getBeginNanoTime()),
        requestId,
        Request.getRemoteAddr(request));
    response.write(true, ByteBuffer.wrap(JsonBodies.bytes(ProblemJson.of(code, detail))), callback);
  }

  /** The path as sent, still percent-encoded, as the access log shows every other path. */
  private static String path(Request request) {
    HttpURI uri = request.getHttpURI();
    String path = uri == null ? null : uri.getPath();
    return path == null || path.isEmpty() ? "*" : path;
  }
}
