package dev.waggle.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.paging.Cursor;
import dev.waggle.domain.paging.Page;
import java.util.List;

/**
 * HTTP adapter DTO: the MCP Registry API's {@code ServerList} envelope — the items and a {@code
 * metadata} block whose {@code nextCursor} appears only when another page follows.
 */
@JsonPropertyOrder({"servers", "metadata"})
record ServerListJson(
    @JsonProperty("servers") List<ServerResponseJson> servers,
    @JsonProperty("metadata") MetadataJson metadata) {

  static ServerListJson fromPage(Page<ServerListing> page) {
    return of(page.items(), page.next().map(Cursor::encode).orElse(null));
  }

  /** A list that is never paged, such as every version of one server. */
  static ServerListJson fromAll(List<ServerListing> listings) {
    return of(listings, null);
  }

  private static ServerListJson of(List<ServerListing> listings, String nextCursor) {
    List<ServerResponseJson> servers =
        listings.stream().map(ServerResponseJson::fromDomain).toList();
    return new ServerListJson(servers, new MetadataJson(servers.size(), nextCursor));
  }

  /** The page's {@code metadata}. */
  @JsonPropertyOrder({"count", "nextCursor"})
  record MetadataJson(
      @JsonProperty("count") int count,
      @JsonProperty("nextCursor") @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {}
}
