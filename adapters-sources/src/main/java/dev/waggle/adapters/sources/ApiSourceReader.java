package dev.waggle.adapters.sources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.application.port.out.FetchedSource;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.application.port.out.SourceReader;
import dev.waggle.domain.ValidationException;
import dev.waggle.domain.catalog.OfficialMeta;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.UpstreamMeta;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceSnapshot;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source adapter: reads an {@code api} source — an upstream MCP Registry (the official one, another
 * Waggle, a ToolHive Registry Server) — by paging through {@code GET {endpoint}/v0.1/servers}. Each
 * version keeps the upstream's status, publish time and {@code isLatest}; after a first full read,
 * checks ask only for what changed since ({@code updated_since}) and apply it to what this reader
 * already holds, with a full read again once a day.
 */
final class ApiSourceReader implements SourceReader {
  private static final Logger LOG = LoggerFactory.getLogger(ApiSourceReader.class);

  static final int PAGE_LIMIT = 100;

  /** ToolHive's caps: past them an upstream is more likely looping than this large. */
  static final int MAX_PAGES = 1000;

  static final int MAX_SERVERS = 100_000;

  /** Versions removed upstream without a tombstone are only noticed by a full read. */
  static final Duration FULL_READ_EVERY = Duration.ofHours(24);

  /**
   * Timestamps equal to the mark may belong to versions written after the last read, so the next
   * read starts a little before it; reading a version twice changes nothing.
   */
  private static final Duration OVERLAP = Duration.ofSeconds(1);

  private static final long LOG_EVERY_NANOS = 10_000_000_000L;

  private final ApiPageClient client;
  private final Clock clock;
  private final Map<String, Catalog> catalogs = new ConcurrentHashMap<>();

  @Inject
  ApiSourceReader() {
    this(new ApiPageClient(ApiPageClient.Retry.DEFAULT), Clock.systemUTC());
  }

  ApiSourceReader(ApiPageClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** One version as the upstream lists it. */
  private record Item(String server, ServerStatus status, UpstreamMeta upstream) {}

  /**
   * What this reader holds of one upstream: every live version by (name, version), the newest
   * {@code updatedAt} seen, and when the last full read was.
   */
  private record Catalog(
      SortedMap<String, Item> items, Optional<Instant> updatedUpTo, Instant fullReadAt) {}

  @Override
  public boolean supports(SourceKind kind) {
    return kind instanceof SourceKind.Api;
  }

  @Override
  public SourceSnapshot read(SourceDefinition source) throws SourceReadException {
    return fetch(source).parse();
  }

  @Override
  public FetchedSource fetch(SourceDefinition source) throws SourceReadException {
    if (!(source.kind() instanceof SourceKind.Api api)) {
      throw new IllegalArgumentException(
          "source " + source.name() + " is a " + source.kind().typeName() + " source, not api");
    }
    String base = base(api.endpoint());
    String name = source.name().value();
    String key = name + " " + base;
    Instant now = clock.instant();
    Catalog known = catalogs.get(key);
    boolean incremental =
        known != null
            && known.updatedUpTo().isPresent()
            && now.isBefore(known.fullReadAt().plus(FULL_READ_EVERY));
    TreeMap<String, Item> items = incremental ? new TreeMap<>(known.items()) : new TreeMap<>();
    Optional<Instant> since =
        incremental ? known.updatedUpTo().map(t -> t.minus(OVERLAP)) : Optional.empty();
    List<EntryRejection> unusable = new ArrayList<>();
    Optional<Instant> newest = incremental ? known.updatedUpTo() : Optional.empty();

    long started = System.nanoTime();
    long lastLog = started;
    String cursor = null;
    int pages = 0;
    int listed = 0;
    do {
      if (++pages > MAX_PAGES) {
        throw new SourceReadException(
            base + ": more than " + MAX_PAGES + " pages; the upstream's paging does not end");
      }
      JsonNode page = client.page(pageUrl(base, cursor, since), api.timeout(), name);
      for (JsonNode item : page.get("servers")) {
        int index = listed++;
        JsonNode server = item.path("server");
        if (!server.isObject()) {
          unusable.add(
              new EntryRejection(
                  index,
                  null,
                  "servers[" + index + "]",
                  JsonDocuments.abbreviate(item, 80),
                  "not a server list item: expected {\"server\": {...}, \"_meta\": {...}}"));
          continue;
        }
        JsonNode official = item.path("_meta").path(OfficialMeta.KEY);
        ServerStatus status;
        try {
          status =
              official.path("status").isTextual()
                  ? ServerStatus.fromWire("status", official.path("status").textValue())
                  : ServerStatus.ACTIVE;
        } catch (ValidationException e) {
          unusable.add(
              new EntryRejection(
                  index,
                  server.path("name").asText(null),
                  "_meta.\"" + OfficialMeta.KEY + "\".status",
                  official.path("status").textValue(),
                  "must be one of active, deprecated, deleted"));
          continue;
        }
        newest = later(newest, instant(official.path("updatedAt")));
        String itemKey = itemKey(server, index);
        if (status == ServerStatus.DELETED) {
          // What a full read would not list either: the store turns it into a tombstone.
          items.remove(itemKey);
        } else {
          items.put(itemKey, new Item(JsonDocuments.compact(server), status, upstream(official)));
        }
      }
      if (items.size() > MAX_SERVERS) {
        throw new SourceReadException(
            base + ": more than " + MAX_SERVERS + " server versions; refusing to hold more");
      }
      String next = page.path("metadata").path("nextCursor").asText("");
      if (!next.isEmpty() && next.equals(cursor)) {
        throw new SourceReadException(
            base + ": the upstream answered the same nextCursor twice; its paging does not end");
      }
      cursor = next.isEmpty() ? null : next;
      long nanos = System.nanoTime();
      if (nanos - lastLog >= LOG_EVERY_NANOS) {
        lastLog = nanos;
        LOG.info("api source {}: {} pages, {} servers so far", name, pages, listed);
      }
    } while (cursor != null);
    LOG.debug(
        "api source {}: {} read of {} item(s) in {} page(s); {} version(s) held",
        name,
        incremental ? "incremental" : "full",
        listed,
        pages,
        items.size());

    SortedMap<String, Item> held = Collections.unmodifiableSortedMap(items);
    catalogs.put(key, new Catalog(held, newest, incremental ? known.fullReadAt() : now));
    String hash = ContentHash.sha256Hex(canonical(held, unusable));
    List<EntryRejection> rejected = List.copyOf(unusable);
    return new FetchedSource(hash, () -> parse(held, rejected, hash));
  }

  private static SourceSnapshot parse(
      SortedMap<String, Item> items, List<EntryRejection> unusable, String hash)
      throws SourceReadException {
    ManifestCollector collector = new ManifestCollector(new ServerJsonRules());
    unusable.forEach(collector::reject);
    int index = 0;
    for (Item item : items.values()) {
      JsonNode server = JsonDocuments.read(item.server().getBytes(StandardCharsets.UTF_8), "item");
      collector.add(index++, server, item.status(), item.upstream());
    }
    return collector.snapshot(hash);
  }

  /** The held versions as bytes that are equal exactly when the snapshot would be. */
  private static byte[] canonical(SortedMap<String, Item> items, List<EntryRejection> unusable) {
    StringBuilder text = new StringBuilder();
    items.forEach(
        (key, item) ->
            text.append(item.status().wireName())
                .append('\t')
                .append(item.upstream().publishedAt().map(Instant::toString).orElse("-"))
                .append('\t')
                .append(item.upstream().latest().map(String::valueOf).orElse("-"))
                .append('\t')
                .append(item.server())
                .append('\n'));
    unusable.forEach(r -> text.append("unusable\t").append(r.describe()).append('\n'));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String itemKey(JsonNode server, int index) {
    JsonNode name = server.path("name");
    JsonNode version = server.path("version");
    if (name.isTextual() && version.isTextual()) {
      return name.textValue() + "\u0000" + version.textValue();
    }
    // Kept so that the rules reject it by name; it has no identity to update later.
    return "\uffff" + index;
  }

  /**
   * The upstream's {@code publishedAt} and {@code isLatest}; one that is missing or malformed is
   * left out (Waggle's own time and rule stand in), as it says nothing about the server itself.
   */
  private static UpstreamMeta upstream(JsonNode official) {
    JsonNode latest = official.path("isLatest");
    return new UpstreamMeta(
        instant(official.path("publishedAt")),
        latest.isBoolean() ? Optional.of(latest.booleanValue()) : Optional.empty());
  }

  private static Optional<Instant> instant(JsonNode node) {
    if (!node.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(node.textValue()).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> later(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a.get().isAfter(b.get()) ? a : b;
  }

  /**
   * The base the API hangs under. An endpoint given with the API's own path ({@code /v0.1}, {@code
   * /v0.1/servers}, {@code /v0}) is taken back to that base, so either spelling works.
   */
  static String base(URI endpoint) {
    String text = endpoint.toString();
    if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
      text = text.substring(0, text.indexOf(endpoint.getRawQuery() != null ? '?' : '#'));
    }
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    for (String suffix : List.of("/servers", "/v0.1", "/v0")) {
      if (text.endsWith(suffix) && !(suffix.equals("/servers") && !apiPath(text))) {
        text = text.substring(0, text.length() - suffix.length());
      }
    }
    return text;
  }

  private static boolean apiPath(String text) {
    return text.endsWith("/v0.1/servers") || text.endsWith("/v0/servers");
  }

  private static URI pageUrl(String base, String cursor, Optional<Instant> since) {
    StringBuilder url = new StringBuilder(base).append("/v0.1/servers?limit=").append(PAGE_LIMIT);
    if (cursor != null) {
      url.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    }
    since.ifPresent(
        t ->
            url.append("&updated_since=")
                .append(URLEncoder.encode(t.toString(), StandardCharsets.UTF_8)));
    return URI.create(url.toString());
  }
}
