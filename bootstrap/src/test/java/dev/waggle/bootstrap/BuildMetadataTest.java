package dev.waggle.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildMetadataTest {

  @Test
  void theBuildPropertiesAreFilledInByMaven() {
    BuildMetadata build = BuildMetadata.current();

    assertThat(build.version()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(build.buildDate()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  }

  @Test
  void placeholdersMavenCouldNotFillReadUnknown() {
    BuildMetadata build = new BuildMetadata("1.0.0", "${git.commit.id.abbrev}", " ");

    assertThat(build.commit()).isEqualTo("unknown");
    assertThat(build.buildDate()).isEqualTo("unknown");
  }
}
