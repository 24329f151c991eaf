package dev.waggle.adapters.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * HTTP adapter helper: gives every request an id, echoed in {@code X-Request-Id} and written in the
 * access log, so that a user's report can be matched to the server's log lines.
 */
final class RequestIds {
  static final String HEADER = "X-Request-Id";
  private static final String ATTRIBUTE = RequestIds.class.getName();
  // A caller's id is kept (a proxy may already have logged it) only when it cannot forge log lines.
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:/+=-]{1,128}");

  private RequestIds() {}

  static void assign(Context ctx) {
    String incoming = ctx.header(HEADER);
    String id = incoming != null && SAFE.matcher(incoming).matches() ? incoming : newId();
    ctx.attribute(ATTRIBUTE, id);
    // Only here, and only once per request: the response cannot carry one yet.
    ResponseHeaders.add(ctx, ResponseHeaders.of(HEADER, id));
  }

  /** The request's id; assigned on first use if the request skipped {@link #assign}. */
  static String of(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    if (id == null) {
      assign(ctx);
      id = ctx.attribute(ATTRIBUTE);
    }
    return id;
  }

  /**
   * A random (version 4) UUID. An id only has to be unique, not secret, so it comes from the
   * thread's own generator: {@link UUID#randomUUID()} draws on one shared {@code SecureRandom},
   * whose lock every request thread queued on under load.
   */
  static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
