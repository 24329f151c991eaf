package dev.waggle.adapters.http;

import dev.waggle.application.port.in.CatalogAnswer;
import dev.waggle.application.port.in.ServedVersion;
import dev.waggle.domain.paging.Cursor;
import dev.waggle.domain.paging.Page;
import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.eclipse.jetty.http.HttpField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP adapter helper: writes catalog answers from the bytes encoded with the snapshot, with a
 * strong {@code ETag} (the registry generation and the normalized request), {@code 304} when the
 * client already holds it, {@code Cache-Control} that makes clients and caches revalidate, and gzip
 * when the client accepts it.
 */
final class CatalogResponses {
  /** Bodies below this size gain too little from compression to pay for it. */
  static final int MIN_GZIP_BYTES = 1024;

  private static final byte[] SERVERS_START = "{\"servers\":[".getBytes(StandardCharsets.UTF_8);
  private static final byte[] COMMA = {','};
  private static final byte[] SERVERS_END = "],\"metadata\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OBJECT_END = {'}'};

  /** Moves every tag when the wire format changes, so no cache keeps an old one as valid. */
  private static final String FORMAT = "1";

  // Clients and caches may keep an answer but must ask before reusing it; a conditional request
  // costs a page from memory and no body. Answers that depend on the caller stay private.
  private static final HttpField PUBLIC =
      ResponseHeaders.fixed("Cache-Control", "public, no-cache");
  private static final HttpField PRIVATE =
      ResponseHeaders.fixed("Cache-Control", "private, no-cache");
  private static final HttpField VARY = ResponseHeaders.fixed("Vary", "Accept-Encoding");
  private static final HttpField GZIP = ResponseHeaders.fixed("Content-Encoding", "gzip");

  /** Where {@link #respond} leaves a body for {@link #send} to write. */
  private static final String BODY = CatalogResponses.class.getName() + ".body";

  private static final Logger LOG = LoggerFactory.getLogger(CatalogResponses.class);

  private CatalogResponses() {}

  static void list(
      Context ctx,
      RenderedAnswers cache,
      String request,
      CatalogAnswer<Page<ServedVersion>> answer) {
    Page<ServedVersion> page = answer.value();
    write(
        ctx,
        cache,
        request,
        answer,
        () -> list(page.items(), page.next().map(Cursor::encode).orElse(null)));
  }

  /** A list that is never paged, such as every version of one server. */
  static void all(
      Context ctx,
      RenderedAnswers cache,
      String request,
      CatalogAnswer<List<ServedVersion>> answer) {
    write(ctx, cache, request, answer, () -> list(answer.value(), null));
  }

  static void one(
      Context ctx, RenderedAnswers cache, String request, CatalogAnswer<ServedVersion> answer) {
    write(ctx, cache, request, answer, () -> answer.value().encoded());
  }

  private static byte[] list(List<ServedVersion> items, String nextCursor) {
    int size = SERVERS_START.length + SERVERS_END.length + 64;
    for (ServedVersion item : items) {
      size += item.encoded().length + 1;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(size);
    body.writeBytes(SERVERS_START);
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        body.writeBytes(COMMA);
      }
      body.writeBytes(items.get(i).encoded());
    }
    body.writeBytes(SERVERS_END);
    body.writeBytes(JsonBodies.bytes(new ServerListMetadataJson(items.size(), nextCursor)));
    body.writeBytes(OBJECT_END);
    return body.toByteArray();
  }

  /**
   * Writes the answer given already to {@code request} at the registry's current generation, when
   * there is one: a lookup instead of computing the page again. Returns whether it wrote.
   */
  static boolean again(
      Context ctx, RenderedAnswers cache, OptionalLong generation, String request) {
    if (generation.isEmpty()) {
      return false;
    }
    RenderedAnswers.Rendered rendered = cache.given(generation.getAsLong(), request);
    if (rendered == null) {
      return false;
    }
    respond(
        ctx,
        rendered,
        () -> {
          throw new IllegalStateException("a given answer has its body");
        });
    return true;
  }

  private static void write(
      Context ctx,
      RenderedAnswers cache,
      String request,
      CatalogAnswer<?> answer,
      Supplier<byte[]> body) {
    RenderedAnswers.Rendered rendered = cache.get(answer.generation(), request);
    rendered.restricted(answer.restricted());
    respond(ctx, rendered, body);
  }

  private static void respond(
      Context ctx, RenderedAnswers.Rendered rendered, Supplier<byte[]> body) {
    boolean gzip =
        acceptsGzip(ctx.header("Accept-Encoding")) && rendered.body(body).length >= MIN_GZIP_BYTES;
    String tag = rendered.tag(gzip);
    // None of these is set before a catalog answer: added, not searched for and replaced.
    ResponseHeaders.add(ctx, rendered.tagHeader(gzip));
    ResponseHeaders.add(ctx, rendered.restricted() ? PRIVATE : PUBLIC);
    ResponseHeaders.add(ctx, VARY);
    if (matches(ctx.header("If-None-Match"), tag)) {
      ctx.status(304);
      return;
    }
    JsonBodies.contentType(ctx, JsonBodies.JSON);
    if (gzip) {
      ResponseHeaders.add(ctx, GZIP);
    }
    ctx.status(200).attribute(BODY, rendered.wire(gzip, body));
  }

  /**
   * Writes the body {@link #respond} left, as the last after-hook, so that every hook before it may
   * still change a header: with its length announced and in one write, which Jetty sends with the
   * headers in one go. Javalin would copy it through its compression stream in 32 KiB pieces,
   * chunked, each a blocking write of its own — most of a cached page's cost.
   */
  static void send(Context ctx) {
    ByteBuffer body = ctx.attribute(BODY);
    if (body == null) {
      return;
    }
    HttpServletResponse response = ctx.res();
    response.setContentLength(body.remaining());
    try {
      ServletOutputStream out = response.getOutputStream();
      if (out instanceof HttpOutput jetty) {
        // Jetty hands a buffer outside the heap to the socket as it is.
        jetty.write(body);
      } else {
        Channels.newChannel(out).write(body);
      }
    } catch (IOException e) {
      // The client went away mid-answer, as Javalin treats it: nothing is left to tell it.
      LOG.debug("Client gone while answering {} {}: {}", ctx.method(), ctx.path(), e.toString());
    }
  }

  /**
   * A strong tag: equal only for byte-identical bodies, which the same request at the same
   * generation gives; the gzip form is another representation and so another tag.
   */
  static String etag(long generation, String request, boolean gzip) {
    byte[] digest;
    try {
      digest =
          MessageDigest.getInstance("SHA-256")
              .digest((FORMAT + '\n' + request).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
    return "\"" + generation + "-" + hash + (gzip ? "-gzip" : "") + "\"";
  }

  /** {@code If-None-Match} by the weak comparison RFC 9110 asks for: a {@code W/} is ignored. */
  static boolean matches(String ifNoneMatch, String tag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String trimmed = candidate.trim();
      if (trimmed.startsWith("W/")) {
        trimmed = trimmed.substring(2);
      }
      if (trimmed.equals("*") || trimmed.equals(tag)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code Accept-Encoding} names gzip (or {@code *}) without refusing it by q=0. */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    boolean accepted = false;
    for (String part : acceptEncoding.split(",")) {
      String[] pieces = part.trim().split(";");
      String coding = pieces[0].trim().toLowerCase(Locale.ROOT);
      if (!coding.equals("gzip") && !coding.equals("x-gzip") && !coding.equals("*")) {
        continue;
      }
      boolean refused = false;
      for (int i = 1; i < pieces.length; i++) {
        String parameter = pieces[i].trim().toLowerCase(Locale.ROOT);
        if (parameter.startsWith("q=")) {
          try {
            refused = Double.parseDouble(parameter.substring(2)) <= 0;
          } catch (NumberFormatException e) {
            refused = true;
          }
        }
      }
      if (coding.equals("*")) {
        accepted |= !refused;
      } else {
        // An explicit gzip entry decides, whatever * says.
        return !refused;
      }
    }
    return accepted;
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream out = new GZIPOutputStream(compressed, 8192)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compress a response in memory", e);
    }
    return compressed.toByteArray();
  }
}
