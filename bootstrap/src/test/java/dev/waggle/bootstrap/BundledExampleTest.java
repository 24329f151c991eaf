package dev.waggle.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.waggle.adapters.sources.SourceReaderSettings;
import dev.waggle.adapters.sources.SourceReadersModule;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.application.port.out.SourceReader;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.ConfigResult;
import dev.waggle.bootstrap.config.WaggleConfig;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledExampleTest {
  @TempDir Path home;

  @Test
  void theJarCarriesAQuickstartThatLoadsWithoutAnyFileOfTheUser() {
    ConfigResult result = BundledExample.load(new ConfigLoader(Map.of(), Path.of("/"), home), home);

    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).isEmpty();
    WaggleConfig config = result.orElseThrow();
    assertThat(config.database()).as("the quickstart runs on the embedded database").isEmpty();
    assertThat(config.layout().sources())
        .allSatisfy(
            source ->
                assertThat(((SourceKind.File) source.kind()).path().orElseThrow())
                    .startsWith(home.resolve("bundled")));
  }

  @Test
  void theBundledCatalogsAreValidRegistryFilesWithAShadowedNameAndSeveralVersions()
      throws SourceReadException {
    WaggleConfig config =
        BundledExample.load(new ConfigLoader(Map.of(), Path.of("/"), home), home).orElseThrow();
    Set<SourceReader> readers =
        Guice.createInjector(new SourceReadersModule(SourceReaderSettings.under(home)))
            .getInstance(Key.get(new TypeLiteral<Set<SourceReader>>() {}));

    SourceSnapshot curated = read(readers, config.layout().sources().get(0));
    SourceSnapshot community = read(readers, config.layout().sources().get(1));

    assertThat(curated.rejections()).isEmpty();
    assertThat(community.rejections()).isEmpty();
    assertThat(curated.extensions())
        .as("the curated file shows skills and plugins too")
        .extracting(e -> e.kind().singular() + " " + e.id() + "@" + e.version().value())
        .containsExactly(
            "skill dev.waggle/release-notes@1.0.0",
            "skill dev.waggle/release-notes@0.9.0",
            "plugin dev.waggle/notes-toolkit@0.1.0");
    Map<String, List<String>> curatedVersions = versionsByName(curated);
    assertThat(curatedVersions.get("dev.waggle/notes")).hasSizeGreaterThanOrEqualTo(3);
    assertThat(versionsByName(community).keySet())
        .as("a name in both files shows which source wins")
        .containsAnyElementsOf(curatedVersions.keySet());
  }

  private static SourceSnapshot read(Set<SourceReader> readers, SourceDefinition source)
      throws SourceReadException {
    SourceReader reader =
        readers.stream().filter(r -> r.supports(source.kind())).findFirst().orElseThrow();
    return reader.read(source);
  }

  private static Map<String, List<String>> versionsByName(SourceSnapshot snapshot) {
    return snapshot.servers().stream()
        .collect(
            Collectors.groupingBy(
                (ServerManifest m) -> m.name().value(),
                Collectors.mapping(m -> m.version().value(), Collectors.toList())));
  }
}
