package dev.waggle.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;

/** HTTP adapter helper: writes DTOs as response bodies with one shared, thread-safe mapper. */
final class JsonBodies {
  static final String JSON = "application/json";
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private JsonBodies() {}

  static void write(Context ctx, int status, Object body) {
    write(ctx, status, JSON, body);
  }

  static void write(Context ctx, int status, String contentType, Object body) {
    contentType(ctx, contentType);
    ctx.status(status).result(bytes(body));
  }

  /**
   * Sets a media type exactly as given. JSON and YAML are UTF-8 by definition, but once a response
   * has a character encoding Jetty appends {@code ;charset=} to every later type, so it is cleared.
   */
  static void contentType(Context ctx, String contentType) {
    if (contentType.equals(ctx.res().getContentType())) {
      // Already this type, and so without a character encoding (Javalin sets the default type).
      return;
    }
    ctx.res().setCharacterEncoding(null);
    ctx.contentType(contentType);
  }

  static byte[] bytes(Object body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      // Our DTOs are plain records; failing to write one is a programming error.
      throw new IllegalStateException("cannot write " + body.getClass().getSimpleName(), e);
    }
  }
}
