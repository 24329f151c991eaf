package dev.waggle.adapters.sources;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.waggle.application.port.out.ExtensionDocumentCheck;
import dev.waggle.application.port.out.RegistryDocumentCheck;
import dev.waggle.application.port.out.ServerDocumentCheck;
import dev.waggle.application.port.out.SourceReader;
import java.util.Objects;

/**
 * Source adapter wiring: contributes this module's readers to the set of {@link SourceReader}s the
 * application picks from by source kind, and the {@code server.json} rules as the {@link
 * ServerDocumentCheck} of sources that build their documents themselves, and the skill and plugin
 * rules as the {@link ExtensionDocumentCheck} of the publish API, and the registry-file parser as
 * the {@link RegistryDocumentCheck} of inline data sent to the admin API.
 */
public final class SourceReadersModule extends AbstractModule {
  private final SourceReaderSettings settings;

  public SourceReadersModule(SourceReaderSettings settings) {
    this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
  }

  @Override
  protected void configure() {
    bind(SourceReaderSettings.class).toInstance(settings);
    bind(RegistryDocumentParser.class).in(Singleton.class);
    bind(RegistryDocumentCheck.class).to(ParserRegistryDocumentCheck.class).in(Singleton.class);
    bind(ServerDocumentCheck.class).to(JacksonServerDocumentCheck.class).in(Singleton.class);
    bind(ExtensionDocumentCheck.class).to(JacksonExtensionDocumentCheck.class).in(Singleton.class);
    Multibinder<SourceReader> readers = Multibinder.newSetBinder(binder(), SourceReader.class);
    readers.addBinding().to(FileSourceReader.class).in(Singleton.class);
    readers.addBinding().to(GitSourceReader.class).in(Singleton.class);
    readers.addBinding().to(ApiSourceReader.class).in(Singleton.class);
  }
}
