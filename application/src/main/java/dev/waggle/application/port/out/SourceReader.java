package dev.waggle.application.port.out;

import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceSnapshot;

/** Outgoing port: fetching what one kind of source holds now. */
public interface SourceReader {

  boolean supports(SourceKind kind);

  /**
   * Reads the source in full. Entries that break the rules are returned as rejections; a source
   * that cannot be read or parsed at all is a {@link SourceReadException}.
   */
  SourceSnapshot read(SourceDefinition source) throws SourceReadException;

  /**
   * Fetches the source's raw content and hashes it, leaving the parse for later, so that a sync of
   * unchanged data costs the fetch and the hash only. Readers that cannot separate the two parse
   * right away.
   */
  default FetchedSource fetch(SourceDefinition source) throws SourceReadException {
    return FetchedSource.parsed(read(source));
  }
}
