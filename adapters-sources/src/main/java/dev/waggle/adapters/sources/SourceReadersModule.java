package dev.waggle.adapters.sources;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.waggle.application.port.out.SourceReader;

/**
 * Source adapter wiring: contributes this module's readers to the set of {@link SourceReader}s the
 * application picks from by source kind.
 */
public final class SourceReadersModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(RegistryDocumentParser.class).in(Singleton.class);
    Multibinder<SourceReader> readers = Multibinder.newSetBinder(binder(), SourceReader.class);
    readers.addBinding().to(FileSourceReader.class).in(Singleton.class);
  }
}
