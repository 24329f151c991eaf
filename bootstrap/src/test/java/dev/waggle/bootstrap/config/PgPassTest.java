package dev.waggle.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgPassTest {
  @TempDir Path dir;

  private Path passFile(String... lines) throws IOException {
    return Files.write(dir.resolve("pgpass"), java.util.List.of(lines));
  }

  @Test
  void givenAnExactLine_whenLookingUpItsUser_thenItsPasswordIsReturned() throws IOException {
    Path file = passFile("db.internal:5432:registry:app:app-secret");

    assertThat(PgPass.lookup(file, "db.internal", 5432, "registry", "app")).contains("app-secret");
    assertThat(PgPass.lookup(file, "db.internal", 5433, "registry", "app")).isEmpty();
    assertThat(PgPass.lookup(file, "db.internal", 5432, "other", "app")).isEmpty();
    assertThat(PgPass.lookup(file, "other-host", 5432, "registry", "app")).isEmpty();
    assertThat(PgPass.lookup(file, "db.internal", 5432, "registry", "someone")).isEmpty();
  }

  @Test
  void starMatchesAnyValueAndTheFirstMatchingLineWins() throws IOException {
    Path file =
        passFile(
            "# comments and blank lines are skipped",
            "",
            "db.internal:*:registry:migrator:first",
            "*:*:*:migrator:second",
            "*:*:*:*:fallback");

    assertThat(PgPass.lookup(file, "db.internal", 6543, "registry", "migrator")).contains("first");
    assertThat(PgPass.lookup(file, "elsewhere", 5432, "registry", "migrator")).contains("second");
    assertThat(PgPass.lookup(file, "elsewhere", 5432, "registry", "app")).contains("fallback");
  }

  @Test
  void backslashEscapesColonsAndBackslashesAndAnEscapedStarIsLiteral() throws IOException {
    Path file =
        passFile(
            "host:5432:db:odd\\:user:pa\\:ss\\\\word",
            "host:5432:db:\\*:literal-star",
            "host:5432:db:app:has:colons:after:the:fourth");

    assertThat(PgPass.lookup(file, "host", 5432, "db", "odd:user")).contains("pa:ss\\word");
    assertThat(PgPass.lookup(file, "host", 5432, "db", "*")).contains("literal-star");
    assertThat(PgPass.lookup(file, "host", 5432, "db", "nobody")).isEmpty();
    assertThat(PgPass.lookup(file, "host", 5432, "db", "app"))
        .contains("has:colons:after:the:fourth");
  }

  @Test
  void aMissingFileHasNoPasswords() {
    assertThat(PgPass.lookup(dir.resolve("absent"), "h", 1, "d", "u")).isEmpty();
  }

  @Test
  void pgpassfileWinsOverTheHomeDirectoryFile() {
    assertThat(PgPass.location(Map.of("PGPASSFILE", "/secrets/pgpass"), Path.of("/home/me")))
        .isEqualTo(Path.of("/secrets/pgpass"));
    assertThat(PgPass.location(Map.of(), Path.of("/home/me")))
        .isEqualTo(Path.of("/home/me/.pgpass"));
  }
}
