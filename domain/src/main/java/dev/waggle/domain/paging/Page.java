package dev.waggle.domain.paging;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Value object: one page of a listing and, when more follow, the cursor to the next page. */
public record Page<T>(List<T> items, Optional<Cursor> next) {
  public Page {
    items = List.copyOf(items);
    Objects.requireNonNull(next, "'next' must not be null");
  }
}
