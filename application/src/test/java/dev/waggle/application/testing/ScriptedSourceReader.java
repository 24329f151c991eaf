package dev.waggle.application.testing;

import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.application.port.out.SourceReader;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceSnapshot;
import java.util.ArrayDeque;
import java.util.Deque;

/** Port fake: a file-source reader that answers with the snapshots or failures it is given. */
public final class ScriptedSourceReader implements SourceReader {
  private final Deque<Object> answers = new ArrayDeque<>();
  private int reads;

  public synchronized ScriptedSourceReader thenReturn(SourceSnapshot snapshot) {
    answers.add(snapshot);
    return this;
  }

  public synchronized ScriptedSourceReader thenFail(String message) {
    answers.add(new SourceReadException(message));
    return this;
  }

  public synchronized int reads() {
    return reads;
  }

  @Override
  public boolean supports(SourceKind kind) {
    return kind instanceof SourceKind.File;
  }

  @Override
  public synchronized SourceSnapshot read(SourceDefinition source) throws SourceReadException {
    reads++;
    Object answer = answers.size() > 1 ? answers.poll() : answers.peek();
    if (answer instanceof SourceReadException failure) {
      throw failure;
    }
    return (SourceSnapshot) answer;
  }
}
