package dev.waggle.adapters.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * HTTP adapter helper: answers the errors Jetty raises before a request reaches a route (a
 * malformed or ambiguous URI, for instance) with the same problem+json body as every other error.
 */
final class ProblemErrorHandler extends ErrorHandler {
  private final boolean cors;

  /**
   * @param cors whether to add the CORS headers, so that a browser can read the error
   */
  ProblemErrorHandler(boolean cors) {
    this.cors = cors;
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
    } else {
      detail = message == null ? title : message;
    }
    String requestId = RequestIds.newId();
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemJson.CONTENT_TYPE);
    response.getHeaders().put(RequestIds.HEADER, requestId);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    if (cors) {
      Cors.HEADERS.forEach(response.getHeaders()::put);
    }
    response.write(true, ByteBuffer.wrap(JsonBodies.bytes(ProblemJson.of(code, detail))), callback);
  }
}
