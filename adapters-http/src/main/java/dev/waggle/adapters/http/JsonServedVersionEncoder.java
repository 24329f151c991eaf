package dev.waggle.adapters.http;

import dev.waggle.application.port.out.ServedVersionEncoder;
import dev.waggle.domain.catalog.OfficialMeta;
import dev.waggle.domain.catalog.ServerListing;
import java.nio.charset.StandardCharsets;

/**
 * HTTP adapter: {@link ServedVersionEncoder} writing the MCP Registry API's {@code ServerResponse}
 * — {@code {"server":<the document text as the source wrote it>,"_meta":{"<official key>":{...}}}}
 * — once per snapshot, so that lists are joined from these bytes.
 *
 * <p>Written by hand rather than through an object mapper: a sync re-encodes every version it
 * changed, and the mapper took most of that time. Only the status message, the one free text of the
 * registry's own, goes through Jackson, so that it is escaped as every other answer escapes.
 */
final class JsonServedVersionEncoder implements ServedVersionEncoder {
  private static final byte[] HEAD = "{\"server\":".getBytes(StandardCharsets.UTF_8);

  @Override
  public byte[] encode(ServerListing listing) {
    byte[] document = listing.document().getBytes(StandardCharsets.UTF_8);
    byte[] meta = meta(listing.meta()).getBytes(StandardCharsets.UTF_8);
    byte[] encoded = new byte[HEAD.length + document.length + meta.length];
    System.arraycopy(HEAD, 0, encoded, 0, HEAD.length);
    System.arraycopy(document, 0, encoded, HEAD.length, document.length);
    System.arraycopy(meta, 0, encoded, HEAD.length + document.length, meta.length);
    return encoded;
  }

  /** Everything after the document: the {@code _meta} member and the closing brace. */
  private static String meta(OfficialMeta meta) {
    StringBuilder text = new StringBuilder(224);
    text.append(",\"_meta\":{\"").append(OfficialMeta.KEY).append("\":{");
    text.append("\"status\":\"").append(meta.status().wireName()).append('"');
    if (meta.statusMessage() != null) {
      text.append(",\"statusMessage\":")
          .append(new String(JsonBodies.bytes(meta.statusMessage()), StandardCharsets.UTF_8));
    }
    text.append(",\"publishedAt\":\"").append(Rfc3339.format(meta.publishedAt())).append('"');
    text.append(",\"updatedAt\":\"").append(Rfc3339.format(meta.updatedAt())).append('"');
    text.append(",\"statusChangedAt\":\"")
        .append(Rfc3339.format(meta.statusChangedAt()))
        .append('"');
    text.append(",\"isLatest\":").append(meta.latest());
    return text.append("}}}").toString();
  }
}
