package dev.waggle.adapters.http;

import dev.waggle.application.port.in.EntryNotFoundException;
import dev.waggle.application.port.in.PublishEntries;
import dev.waggle.application.port.in.PublishedEntry;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.EntryType;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Port fake: a {@link PublishEntries} that records what the HTTP adapter hands it — the type, the
 * document text, the claims and the caller — and answers with what it was given; the name {@code
 * missing} is not found.
 */
final class FakePublishEntries implements PublishEntries {
  /** One call as the use case received it. */
  record Call(String operation, EntryType type, String text, Claims claims, Caller caller) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  static final Instant STORED = Instant.parse("2026-11-01T10:00:00Z");

  @Override
  public PublishedEntry publish(EntryType type, String document, Claims claims, Caller caller) {
    calls.add(new Call("publish", type, document, claims, caller));
    return new PublishedEntry(type, "name", "1.0.0", document, "7", true, STORED, STORED);
  }

  @Override
  public void delete(EntryType type, String name, String version, Caller caller) {
    calls.add(new Call("delete", type, name + "@" + version, Claims.NONE, caller));
    if (name.equals("missing")) {
      throw new EntryNotFoundException(type, name, version);
    }
  }

  @Override
  public Claims claims(EntryType type, String name, Caller caller) {
    calls.add(new Call("claims", type, name, Claims.NONE, caller));
    if (name.equals("missing")) {
      throw new EntryNotFoundException(type, name, null);
    }
    return Claims.of("team", "platform");
  }

  @Override
  public void changeClaims(EntryType type, String name, Claims claims, Caller caller) {
    calls.add(new Call("changeClaims", type, name, claims, caller));
  }

  Call last() {
    return calls.get(calls.size() - 1);
  }
}
