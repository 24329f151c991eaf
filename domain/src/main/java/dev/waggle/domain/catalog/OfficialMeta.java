package dev.waggle.domain.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * Value object: the registry-managed facts about a served version — the {@code
 * io.modelcontextprotocol.registry/official} block of the MCP Registry API.
 */
public record OfficialMeta(
    ServerStatus status,
    String statusMessage,
    Instant publishedAt,
    Instant updatedAt,
    Instant statusChangedAt,
    boolean latest) {
  /** The {@code _meta} key of this block; only the serving registry writes it. */
  public static final String KEY = "io.modelcontextprotocol.registry/official";

  public OfficialMeta {
    Objects.requireNonNull(status, "'status' must not be null");
    Objects.requireNonNull(publishedAt, "'publishedAt' must not be null");
    Objects.requireNonNull(updatedAt, "'updatedAt' must not be null");
    Objects.requireNonNull(statusChangedAt, "'statusChangedAt' must not be null");
  }
}
