package dev.waggle.domain.catalog;

/**
 * Domain fact: the keys under a {@code server.json}'s {@code _meta} that Waggle reads and writes —
 * the block the publisher wrote, and ToolHive's namespace inside it — named once for every source.
 */
public final class PublisherMeta {
  /** The {@code _meta} key of what the publisher wrote; registries keep it as written. */
  public static final String PUBLISHER_PROVIDED =
      "io.modelcontextprotocol.registry/publisher-provided";

  /** ToolHive's namespace under {@link #PUBLISHER_PROVIDED}: tags, status, tools per artifact. */
  public static final String TOOLHIVE_NAMESPACE = "io.github.stacklok";

  private PublisherMeta() {}
}
