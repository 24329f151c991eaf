package dev.waggle.application.port.out;

import dev.waggle.domain.source.SourceSnapshot;
import java.util.Objects;

/**
 * Result: a source's raw content as fetched, known by its hash, with the parse of that content
 * deferred — so that a sync can recognise unchanged data without paying for parsing and validating
 * every entry.
 *
 * @param contentHash the hash of the raw content, the same one the parsed snapshot carries
 * @param parser turns the fetched content into a snapshot; called at most once
 */
public record FetchedSource(String contentHash, Parser parser) {
  public FetchedSource {
    Objects.requireNonNull(contentHash, "'contentHash' must not be null");
    Objects.requireNonNull(parser, "'parser' must not be null");
  }

  /** Content a reader could only obtain already parsed. */
  public static FetchedSource parsed(SourceSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "'snapshot' must not be null");
    return new FetchedSource(snapshot.contentHash(), () -> snapshot);
  }

  public SourceSnapshot parse() throws SourceReadException {
    return parser.parse();
  }

  /** The deferred parse of fetched content. */
  @FunctionalInterface
  public interface Parser {
    SourceSnapshot parse() throws SourceReadException;
  }
}
