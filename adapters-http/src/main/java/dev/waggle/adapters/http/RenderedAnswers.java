package dev.waggle.adapters.http;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpField;

/**
 * HTTP adapter helper: the finished tags and bodies (plain and gzip) of recently asked catalog
 * answers, keyed by the registry generation and the normalized request, so that a page asked again
 * costs a lookup instead of joining, hashing and compressing it once more.
 *
 * <p>A body given a second time is copied outside the heap, where the socket writes it as it is: a
 * body on the heap is copied to native memory again at every send, about a sixth of what a cached
 * 120 KB page cost. Only answers asked again get that copy, so that one-off answers make no native
 * memory that waits for a collection to be freed; the copies count in the same bound as the heap
 * bodies.
 *
 * <p>It relies on what the strong {@code ETag} already promises: the same request at the same
 * generation gives byte-identical bodies. A moved generation simply asks under other keys; the old
 * ones go when the bounds are reached, which empties the whole cache (rare, and never wrong).
 */
final class RenderedAnswers {
  /** Enough for every page a crawler walks between two syncs of a large registry. */
  static final int MAX_ENTRIES = 512;

  /**
   * Keeps the cache a small share of a 512 MiB heap, its bodies in the heap and out of it counted
   * together.
   */
  static final long MAX_BYTES = 48L * 1024 * 1024;

  private final Map<Key, Rendered> answers = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();

  private record Key(long generation, String request) {}

  /**
   * The answer to {@code request} at {@code generation} when one was given already, so that it is
   * given again without asking the use case; null when none was.
   */
  Rendered given(long generation, String request) {
    Rendered rendered = answers.get(new Key(generation, request));
    return rendered != null && rendered.body != null ? rendered : null;
  }

  /** The answer to {@code request} at {@code generation}, made the first time it is asked. */
  Rendered get(long generation, String request) {
    Key key = new Key(generation, request);
    Rendered rendered = answers.get(key);
    if (rendered != null) {
      return rendered;
    }
    if (answers.size() >= MAX_ENTRIES) {
      clear();
    }
    return answers.computeIfAbsent(
        key,
        k ->
            new Rendered(
                CatalogResponses.etag(generation, request, false),
                CatalogResponses.etag(generation, request, true)));
  }

  private void clear() {
    answers.clear();
    bytes.set(0);
  }

  private void account(int size) {
    if (bytes.addAndGet(size) > MAX_BYTES) {
      clear();
    }
  }

  /**
   * One answer's tags and, once asked for, its bodies; two threads may make a body at the same
   * time, and both make the same bytes.
   */
  final class Rendered {
    // The tags as headers, encoded once for every time the answer is given.
    private final HttpField tagHeader;
    private final HttpField gzipTagHeader;
    private volatile byte[] body;
    private volatile byte[] gzipBody;
    private volatile boolean sent;
    private volatile boolean gzipSent;
    private volatile ByteBuffer wire;
    private volatile ByteBuffer gzipWire;
    private volatile boolean restricted;

    private Rendered(String tag, String gzipTag) {
      this.tagHeader = ResponseHeaders.fixed("ETag", tag);
      this.gzipTagHeader = ResponseHeaders.fixed("ETag", gzipTag);
    }

    /** Whether the answer depends on the caller; set before its body is made. */
    boolean restricted() {
      return restricted;
    }

    void restricted(boolean value) {
      restricted = value;
    }

    String tag(boolean gzip) {
      return tagHeader(gzip).getValue();
    }

    HttpField tagHeader(boolean gzip) {
      return gzip ? gzipTagHeader : tagHeader;
    }

    byte[] body(Supplier<byte[]> make) {
      byte[] made = body;
      if (made == null) {
        made = make.get();
        body = made;
        account(made.length);
      }
      return made;
    }

    byte[] gzipBody(Supplier<byte[]> make) {
      byte[] made = gzipBody;
      if (made == null) {
        made = CatalogResponses.gzip(body(make));
        gzipBody = made;
        account(made.length);
      }
      return made;
    }

    /**
     * The body to send, plain or gzip: the first time as the heap holds it, from then on from its
     * copy outside the heap. Each caller gets its own view of the shared bytes.
     */
    ByteBuffer wire(boolean gzip, Supplier<byte[]> make) {
      ByteBuffer made = gzip ? gzipWire : wire;
      if (made != null) {
        return made.duplicate();
      }
      byte[] bytes = gzip ? gzipBody(make) : body(make);
      boolean again = gzip ? gzipSent : sent;
      if (!again) {
        if (gzip) {
          gzipSent = true;
        } else {
          sent = true;
        }
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
      }
      made = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
      if (gzip) {
        gzipWire = made;
      } else {
        wire = made;
      }
      account(bytes.length);
      return made.duplicate();
    }
  }
}
