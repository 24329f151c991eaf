package dev.waggle.adapters.http.archfixture;

import dev.waggle.application.port.out.EntryStore;
import dev.waggle.domain.source.SourceName;
import java.util.List;

/** Rule fixture: a driving adapter that calls an out-port, which the rule must catch. */
public final class WritesEntriesDirectly {
  private WritesEntriesDirectly() {}

  static void clear(EntryStore store) {
    store.replaceSourceContents(SourceName.of("managed"), List.of());
  }
}
