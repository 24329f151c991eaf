package dev.waggle.adapters.http;

import io.javalin.http.Context;
import java.util.Map;

/**
 * HTTP adapter helper: the CORS headers GitHub Copilot and VS Code require of a self-hosted MCP
 * registry; the API is read-only and public, so any origin may read it.
 */
final class Cors {
  static final Map<String, String> HEADERS =
      Map.of(
          "Access-Control-Allow-Origin", "*",
          "Access-Control-Allow-Methods", "GET, OPTIONS",
          "Access-Control-Allow-Headers", "Authorization, Content-Type");

  private Cors() {}

  static void addHeaders(Context ctx) {
    HEADERS.forEach(ctx::header);
  }

  /** Answers a preflight request; the headers were already added before routing. */
  static void preflight(Context ctx) {
    ctx.header("Access-Control-Max-Age", "86400");
    ctx.status(204);
  }
}
