package dev.waggle.domain.extension;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.domain.catalog.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ExtensionVersionsTest {
  private static List<Version> versions(String... values) {
    return Stream.of(values).map(Version::of).toList();
  }

  @Test
  void theHighestSemanticVersionIsLatestWhateverTheOrderListed() {
    assertThat(ExtensionVersions.latest(versions("1.10.0", "1.9.0", "1.2.3")))
        .contains(Version.of("1.10.0"));
  }

  @Test
  void aSemanticVersionIsLaterThanACommitHash() {
    assertThat(ExtensionVersions.latest(versions("0.1.0", "3f2a9c1", "0.0.1")))
        .contains(Version.of("0.1.0"));
  }

  @Test
  void withoutSemanticVersionsTheOneListedLastIsLatest() {
    assertThat(ExtensionVersions.latest(versions("aaa111", "bbb222")))
        .contains(Version.of("bbb222"));
    assertThat(ExtensionVersions.latest(List.of())).isEmpty();
  }

  @Test
  void versionsAreListedHighestSemanticVersionFirstNotInTextOrder() {
    List<Version> listed = new ArrayList<>(versions("1.9.0", "abc123", "1.10.0", "2.0.0-rc.1"));

    listed.sort(ExtensionVersions.NEWEST_FIRST);

    assertThat(listed)
        .containsExactlyElementsOf(versions("2.0.0-rc.1", "1.10.0", "1.9.0", "abc123"));
  }
}
