package dev.waggle.adapters.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;

/**
 * HTTP adapter helper: the CORS headers GitHub Copilot and VS Code require of a self-hosted MCP
 * registry, on the read routes only: any origin may read the catalog, but no page may trigger a
 * sync (or any other write) and read the answer.
 */
final class Cors {
  static final Map<String, String> HEADERS =
      Map.of(
          "Access-Control-Allow-Origin", "*",
          "Access-Control-Allow-Methods", "GET, OPTIONS",
          "Access-Control-Allow-Headers", "Authorization, Content-Type");

  private static final List<HttpField> FIELDS =
      HEADERS.entrySet().stream()
          .map(header -> ResponseHeaders.fixed(header.getKey(), header.getValue()))
          .toList();

  private Cors() {}

  /**
   * Whether an answer to this method may carry the CORS headers: reads may, errors included (a
   * browser client must be able to show a 404); a preflight gets them from {@link #preflight}, and
   * only on a read route.
   */
  static boolean isReadMethod(String method) {
    return method.equals("GET") || method.equals("HEAD");
  }

  static void addHeaders(Context ctx) {
    for (HttpField field : FIELDS) {
      ResponseHeaders.add(ctx, field);
    }
  }

  /** Answers a preflight request of a read route. */
  static void preflight(Context ctx) {
    addHeaders(ctx);
    ctx.header("Access-Control-Max-Age", "86400");
    ctx.status(204);
  }
}
