package dev.waggle.domain.source;

import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.extension.ExtensionEntry;
import java.util.List;
import java.util.Objects;

/**
 * Value object: everything a source holds at one moment — the valid entries (servers, and the
 * skills and plugins of a registry file), the entries that were rejected and why, and a hash of the
 * raw content so unchanged data can be recognised.
 */
public record SourceSnapshot(
    List<ServerManifest> servers,
    List<EntryRejection> rejections,
    String contentHash,
    List<ExtensionEntry> extensions) {
  public SourceSnapshot {
    servers = List.copyOf(servers);
    rejections = List.copyOf(rejections);
    Objects.requireNonNull(contentHash, "'contentHash' must not be null");
    extensions = List.copyOf(extensions);
  }

  /** A snapshot of servers only: every kind of source but a registry file holds nothing else. */
  public SourceSnapshot(
      List<ServerManifest> servers, List<EntryRejection> rejections, String contentHash) {
    this(servers, rejections, contentHash, List.of());
  }
}
