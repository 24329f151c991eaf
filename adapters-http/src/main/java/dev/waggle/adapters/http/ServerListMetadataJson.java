package dev.waggle.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * HTTP adapter DTO: the {@code metadata} block of the MCP Registry API's {@code ServerList}, whose
 * {@code nextCursor} appears only when another page follows. The envelope around it is joined from
 * the items' encoded bytes by {@link CatalogResponses}.
 */
@JsonPropertyOrder({"count", "nextCursor"})
record ServerListMetadataJson(
    @JsonProperty("count") int count,
    @JsonProperty("nextCursor") @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {}
