package dev.waggle.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.waggle.domain.catalog.OfficialMeta;
import dev.waggle.domain.catalog.ServerListing;

/**
 * HTTP adapter DTO: one served version as the MCP Registry API's {@code ServerResponse} — the
 * stored {@code server.json} written as stored, next to the registry-managed metadata.
 */
@JsonPropertyOrder({"server", "_meta"})
record ServerResponseJson(@JsonRawValue String server, @JsonProperty("_meta") MetaJson meta) {

  static ServerResponseJson fromDomain(ServerListing listing) {
    return new ServerResponseJson(
        listing.document(), new MetaJson(OfficialMetaJson.fromDomain(listing.meta())));
  }

  /** The registry-managed {@code _meta} block. */
  record MetaJson(@JsonProperty(OfficialMetaJson.KEY) OfficialMetaJson official) {}

  /** The {@code io.modelcontextprotocol.registry/official} block. */
  @JsonPropertyOrder({
    "status",
    "statusMessage",
    "publishedAt",
    "updatedAt",
    "statusChangedAt",
    "isLatest"
  })
  record OfficialMetaJson(
      @JsonProperty("status") String status,
      @JsonProperty("statusMessage") @JsonInclude(JsonInclude.Include.NON_NULL)
          String statusMessage,
      @JsonProperty("publishedAt") String publishedAt,
      @JsonProperty("updatedAt") String updatedAt,
      @JsonProperty("statusChangedAt") String statusChangedAt,
      @JsonProperty("isLatest") boolean isLatest) {
    static final String KEY = "io.modelcontextprotocol.registry/official";

    static OfficialMetaJson fromDomain(OfficialMeta meta) {
      return new OfficialMetaJson(
          meta.status().wireName(),
          meta.statusMessage(),
          Rfc3339.format(meta.publishedAt()),
          Rfc3339.format(meta.updatedAt()),
          Rfc3339.format(meta.statusChangedAt()),
          meta.latest());
    }
  }
}
