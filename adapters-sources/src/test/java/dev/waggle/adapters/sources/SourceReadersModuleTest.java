package dev.waggle.adapters.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.waggle.application.port.out.SourceReader;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceReadersModuleTest {
  @TempDir Path dir;

  @Test
  void the_module_contributes_a_reader_for_file_sources_to_the_reader_set() throws Exception {
    Set<SourceReader> readers =
        Guice.createInjector(new SourceReadersModule(SourceReaderSettings.under(dir)))
            .getInstance(Key.get(new TypeLiteral<Set<SourceReader>>() {}));
    Path file =
        Files.writeString(
            dir.resolve("registry.json"),
            RegistryDocumentParserTest.envelope(ServerJsonCases.MINIMAL));
    SourceKind.File kind = SourceKind.File.atPath(file);

    SourceReader fileReader =
        readers.stream().filter(r -> r.supports(kind)).findFirst().orElseThrow();

    assertThat(
            fileReader
                .read(
                    new SourceDefinition(
                        SourceName.of("local"),
                        kind,
                        Optional.of(Duration.ofMinutes(1)),
                        EntryFilter.NONE,
                        null))
                .servers())
        .hasSize(1);
  }
}
