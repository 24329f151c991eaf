package dev.waggle.domain.catalog;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.extension.ExtensionKind;
import java.util.Arrays;
import java.util.Optional;

/**
 * Value: the three kinds of catalog entry the publish API writes — MCP servers, skills and plugins
 * — named as the {@code /v1/entries/{type}/...} paths name them.
 */
public enum EntryType {
  SERVER("server", Optional.empty()),
  SKILL("skill", Optional.of(ExtensionKind.SKILL)),
  PLUGIN("plugin", Optional.of(ExtensionKind.PLUGIN));

  private final String wireName;
  private final Optional<ExtensionKind> extension;

  EntryType(String wireName, Optional<ExtensionKind> extension) {
    this.wireName = wireName;
    this.extension = extension;
  }

  /** The name paths and request bodies use: {@code server}, {@code skill}, {@code plugin}. */
  public String wireName() {
    return wireName;
  }

  /** The skill or plugin kind; empty for servers. */
  public Optional<ExtensionKind> extension() {
    return extension;
  }

  public static EntryType of(ExtensionKind kind) {
    return kind == ExtensionKind.SKILL ? SKILL : PLUGIN;
  }

  /**
   * @throws ValidationException naming {@code field} when {@code raw} is none of the three
   */
  public static EntryType parse(String field, String raw) {
    return Arrays.stream(values())
        .filter(t -> t.wireName.equals(raw))
        .findFirst()
        .orElseThrow(
            () ->
                new ValidationException(
                    field, raw, "unsupported entry type: must be 'server', 'skill', or 'plugin'"));
  }
}
