package dev.waggle.adapters.http;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletApiResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * HTTP adapter helper: adds headers that a response does not carry yet straight to Jetty's list,
 * those whose value never changes encoded once at start-up.
 *
 * <p>Javalin's {@code ctx.header} sets a header: it looks the name up and searches every header set
 * so far for one to replace, on every request, and Jetty encodes the value again when it sends it.
 * The hooks and the cached catalog answers add a dozen headers per request that no earlier code has
 * set, so adding them is the same answer for less work.
 */
final class ResponseHeaders {
  private ResponseHeaders() {}

  /** A header whose name and value never change, encoded once. */
  static HttpField fixed(String name, String value) {
    return new PreEncodedHttpField(name, value);
  }

  /** A header made per request; no name lookup, as the name is not one Jetty treats specially. */
  static HttpField of(String name, String value) {
    return new HttpField((HttpHeader) null, name, value);
  }

  /** Adds a header the response does not carry yet. */
  static void add(Context ctx, HttpField field) {
    if (ctx.res() instanceof ServletApiResponse response) {
      response.getResponse().getHeaders().add(field);
    } else {
      // A wrapped response (a filter's): through the servlet API, as anything else would.
      ctx.res().addHeader(field.getName(), field.getValue());
    }
  }
}
