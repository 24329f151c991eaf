package dev.waggle.bootstrap.e2e;

import static dev.waggle.bootstrap.e2e.Api.namesAndVersions;
import static dev.waggle.bootstrap.e2e.RegistryFiles.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waggle.bootstrap.Launcher;
import dev.waggle.bootstrap.config.ConfigLoader;
import dev.waggle.bootstrap.config.WaggleConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a config with a {@code git} source starts and serves the registry file of a
 * repository's branch, picks up a pushed commit on the next sync, and keeps its clone under
 * WAGGLE_HOME.
 */
class GitSourceServeTest {
  private static final String NS = "io.example.git/";
  private static final PersonIdent MAINTAINER = new PersonIdent("Maintainer", "m@example.com");

  @TempDir Path dir;

  private void commitAndPush(Git work, Path bare, RegistryFiles catalog) throws Exception {
    Path file = work.getRepository().getWorkTree().toPath().resolve("catalog/registry.json");
    Files.createDirectories(file.getParent());
    catalog.writeTo(file);
    work.add().addFilepattern("catalog/registry.json").call();
    work.commit().setMessage("catalog").setAuthor(MAINTAINER).setCommitter(MAINTAINER).call();
    work.push()
        .setRemote(bare.toUri().toString())
        .setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main"))
        .call();
  }

  @Test
  void givenAGitSource_whenServing_thenTheBranchsFileIsServedAndANewCommitIsPickedUp()
      throws Exception {
    Path bare = dir.resolve("catalog.git");
    Git.init().setBare(true).setInitialBranch("main").setGitDir(bare.toFile()).call().close();
    Path home = dir.resolve("waggle-home");
    DatabaseBlock database = DatabaseBlock.fresh();
    String yaml =
        """
        sources:
          - name: team-catalog
            git:
              repository: "%s"
              branch: main
              path: catalog/registry.json
            syncPolicy: {interval: 1h}
        registries:
          - {name: default, sources: [team-catalog]}
        auth: {mode: anonymous}
        """
                .formatted(bare.toUri())
            + database.yaml();
    WaggleConfig config =
        new ConfigLoader(database.env(), dir, dir.resolve("config-home")).parse(yaml).orElseThrow();

    try (Git work =
        Git.init().setInitialBranch("main").setDirectory(dir.resolve("work").toFile()).call()) {
      RegistryFiles catalog = registry().server(NS + "first", "1.0.0", "In the first commit");
      commitAndPush(work, bare, catalog);

      try (Launcher launcher = Launcher.start(config, LoopbackLaunch.options(home))) {
        Api api = new Api(launcher.publicUrl());
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(namesAndVersions(api.ok("/v0.1/servers")))
                        .containsExactly(NS + "first@1.0.0"));

        commitAndPush(work, bare, catalog.server(NS + "second", "1.0.0", "Pushed later"));
        assertThat(api.syncAndWait("team-catalog").get("lastResult").asText()).isEqualTo("updated");
        assertThat(namesAndVersions(api.ok("/v0.1/servers")))
            .containsExactly(NS + "first@1.0.0", NS + "second@1.0.0");
        assertThat(api.syncAndWait("team-catalog").get("lastResult").asText())
            .isEqualTo("unchanged");
        try (var clones = Files.list(home.resolve("git"))) {
          assertThat(clones.map(p -> p.getFileName().toString()))
              .singleElement()
              .satisfies(name -> assertThat(name).startsWith("team-catalog-"));
        }
      }
    }
  }
}
