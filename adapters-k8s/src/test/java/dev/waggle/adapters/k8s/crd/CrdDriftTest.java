package dev.waggle.adapters.k8s.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CrdDriftTest {
  private static final Path SHIPPED = Path.of("..", "deploy", "crds", CrdGeneration.FILE_NAME);

  @Test
  void theShippedCrdIsWhatTheCrdClassesGenerate() throws IOException {
    String generated = CrdGeneration.render();
    if (Boolean.getBoolean("waggle.updateCrd")) {
      Files.createDirectories(SHIPPED.getParent());
      Files.writeString(SHIPPED, generated);
    }
    assertThat(SHIPPED)
        .as("deploy/crds is out of date; regenerate it with -Dwaggle.updateCrd=true")
        .exists();
    assertThat(Files.readString(SHIPPED)).isEqualTo(generated);
  }
}
