package dev.waggle.adapters.http;

import dev.waggle.application.port.in.SourceNotFoundException;
import dev.waggle.application.port.in.SyncOutcome;
import dev.waggle.application.port.in.TriggerSync;
import dev.waggle.domain.source.SourceName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Port fake: answers on-demand syncs with the outcome set for each source. */
final class FakeTriggerSync implements TriggerSync {
  private final Map<SourceName, SyncOutcome> outcomes = new HashMap<>();
  final List<SourceName> requested = new ArrayList<>();

  FakeTriggerSync answer(String source, SyncOutcome.Result result, String message) {
    SourceName name = SourceName.of(source);
    outcomes.put(name, new SyncOutcome(name, result, 3, 1, message));
    return this;
  }

  @Override
  public List<SyncOutcome> syncDue() {
    return List.of();
  }

  @Override
  public synchronized SyncOutcome syncNow(SourceName source) {
    requested.add(source);
    SyncOutcome outcome = outcomes.get(source);
    if (outcome == null) {
      throw new SourceNotFoundException(source);
    }
    return outcome;
  }
}
