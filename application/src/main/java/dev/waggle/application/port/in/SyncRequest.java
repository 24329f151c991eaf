package dev.waggle.application.port.in;

import dev.waggle.domain.source.SourceName;
import java.util.Objects;

/**
 * Result: the answer to a request for an on-demand sync, which runs in the background.
 *
 * @param started true when this request started the sync; false when one was running already (here
 *     or on another replica), which then is the sync that answers the request
 */
public record SyncRequest(SourceName source, boolean started) {
  public SyncRequest {
    Objects.requireNonNull(source, "'source' must not be null");
  }
}
