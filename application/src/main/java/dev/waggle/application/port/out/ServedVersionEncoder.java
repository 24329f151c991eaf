package dev.waggle.application.port.out;

import dev.waggle.domain.catalog.ServerListing;

/**
 * Outgoing port: the wire form of one served version, computed once when a snapshot is built so
 * that pages are written from bytes instead of serialized per request.
 */
public interface ServedVersionEncoder {

  byte[] encode(ServerListing listing);
}
