package dev.waggle.domain.source;

import dev.waggle.domain.catalog.ServerManifest;
import java.util.List;
import java.util.Objects;

/**
 * Value object: everything a source holds at one moment — the valid entries, the entries that were
 * rejected and why, and a hash of the raw content so unchanged data can be recognised.
 */
public record SourceSnapshot(
    List<ServerManifest> servers, List<EntryRejection> rejections, String contentHash) {
  public SourceSnapshot {
    servers = List.copyOf(servers);
    rejections = List.copyOf(rejections);
    Objects.requireNonNull(contentHash, "'contentHash' must not be null");
  }
}
