package dev.waggle.application.port.in;

import dev.waggle.domain.extension.ExtensionCursor;
import dev.waggle.domain.extension.ExtensionEntry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Result: one page of skills or plugins and, when more follow, the cursor to the next page. */
public record ExtensionPage(List<ExtensionEntry> items, Optional<ExtensionCursor> next) {
  public ExtensionPage {
    items = List.copyOf(items);
    Objects.requireNonNull(next, "'next' must not be null");
  }
}
