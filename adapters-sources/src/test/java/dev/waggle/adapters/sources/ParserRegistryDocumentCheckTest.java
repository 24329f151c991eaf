package dev.waggle.adapters.sources;

import static dev.waggle.adapters.sources.RegistryDocumentParserTest.envelope;
import static dev.waggle.adapters.sources.RegistryDocumentParserTest.server;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Inline data sent to the admin API is judged by the parser its sync reads it with. */
class ParserRegistryDocumentCheckTest {
  private final ParserRegistryDocumentCheck check =
      new ParserRegistryDocumentCheck(new RegistryDocumentParser());

  @Test
  void givenAValidRegistryFile_whenChecked_thenThereIsNoProblem() {
    assertThat(check.problem(envelope(ServerJsonCases.MINIMAL, ServerJsonCases.FULL))).isEmpty();
  }

  @Test
  void givenTextThatIsNotJson_whenChecked_thenTheProblemSaysWhereTheJsonBreaks() {
    assertThat(check.problem("{\"data\": {\"servers\": [}"))
        .hasValueSatisfying(
            problem -> assertThat(problem).contains("line 1").doesNotStartWith("file.data"));
  }

  @Test
  void givenAJsonObjectThatIsNoRegistryFile_whenChecked_thenTheProblemSaysWhichFormatsAreRead() {
    assertThat(check.problem("{\"servers\": []}"))
        .hasValueSatisfying(problem -> assertThat(problem).contains("not a registry file"));
  }

  @Test
  void givenAServerThatBreaksARule_whenChecked_thenTheProblemNamesTheEntryAndItsField() {
    String broken = "{\"name\": \"io.github.example/broken\", \"version\": \"1.0.0\"}";

    assertThat(check.problem(envelope(server("io.github.example/fine", "1.0.0", ""), broken)))
        .hasValueSatisfying(
            problem ->
                assertThat(problem)
                    .contains("entry #1")
                    .contains("io.github.example/broken")
                    .contains("description"));
  }
}
