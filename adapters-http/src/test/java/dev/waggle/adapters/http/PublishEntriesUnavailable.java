package dev.waggle.adapters.http;

import dev.waggle.application.port.in.PublishEntries;
import dev.waggle.application.port.in.PublishedEntry;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.EntryType;

/**
 * Test stand-in: the {@link PublishEntries} of an API under test that does not publish; every call
 * fails as a server error.
 */
enum PublishEntriesUnavailable implements PublishEntries {
  INSTANCE;

  @Override
  public PublishedEntry publish(EntryType type, String document, Claims claims, Caller caller) {
    throw unavailable();
  }

  @Override
  public void delete(EntryType type, String name, String version, Caller caller) {
    throw unavailable();
  }

  @Override
  public Claims claims(EntryType type, String name, Caller caller) {
    throw unavailable();
  }

  @Override
  public void changeClaims(EntryType type, String name, Claims claims, Caller caller) {
    throw unavailable();
  }

  private static IllegalStateException unavailable() {
    return new IllegalStateException("this HTTP API was built without the publish use case");
  }
}
