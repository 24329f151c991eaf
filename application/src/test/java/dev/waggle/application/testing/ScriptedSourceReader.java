package dev.waggle.application.testing;

import dev.waggle.application.port.out.FetchedSource;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.application.port.out.SourceReader;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceSnapshot;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Port fake: a file-source reader that answers with the snapshots or failures it is given, and
 * counts fetches and parses.
 */
public final class ScriptedSourceReader implements SourceReader {
  private final Deque<Object> answers = new ArrayDeque<>();
  private int reads;
  private int parses;

  public synchronized ScriptedSourceReader thenReturn(SourceSnapshot snapshot) {
    answers.add(snapshot);
    return this;
  }

  public synchronized ScriptedSourceReader thenFail(String message) {
    answers.add(new SourceReadException(message));
    return this;
  }

  /** How often the source was fetched. */
  public synchronized int reads() {
    return reads;
  }

  /** How often fetched content was parsed: unchanged content should not be. */
  public synchronized int parses() {
    return parses;
  }

  @Override
  public boolean supports(SourceKind kind) {
    return kind instanceof SourceKind.File;
  }

  @Override
  public SourceSnapshot read(SourceDefinition source) throws SourceReadException {
    return fetch(source).parse();
  }

  @Override
  public synchronized FetchedSource fetch(SourceDefinition source) throws SourceReadException {
    reads++;
    Object answer = answers.size() > 1 ? answers.poll() : answers.peek();
    if (answer instanceof SourceReadException failure) {
      throw failure;
    }
    SourceSnapshot snapshot = (SourceSnapshot) answer;
    return new FetchedSource(
        snapshot.contentHash(),
        () -> {
          synchronized (this) {
            parses++;
          }
          return snapshot;
        });
  }
}
