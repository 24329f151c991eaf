package dev.waggle.adapters.http;

import dev.waggle.application.port.out.ServedVersionEncoder;
import dev.waggle.domain.catalog.ServerListing;

/**
 * HTTP adapter: {@link ServedVersionEncoder} writing the MCP Registry API's {@code ServerResponse}
 * — the document text as the source wrote it, next to the registry's {@code _meta} — once per
 * snapshot, so that lists are joined from these bytes.
 */
final class JsonServedVersionEncoder implements ServedVersionEncoder {
  @Override
  public byte[] encode(ServerListing listing) {
    return JsonBodies.bytes(ServerResponseJson.fromDomain(listing));
  }
}
