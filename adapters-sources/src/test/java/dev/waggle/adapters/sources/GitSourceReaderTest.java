package dev.waggle.adapters.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.adapters.sources.testing.GitSshServer;
import dev.waggle.application.port.out.FetchedSource;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitSourceReaderTest {
  private static final String V1 =
      RegistryDocumentParserTest.envelope(
          RegistryDocumentParserTest.server("io.example/weather", "1.0.0", ""));
  private static final String V2 =
      RegistryDocumentParserTest.envelope(
          RegistryDocumentParserTest.server("io.example/weather", "1.0.0", ""),
          RegistryDocumentParserTest.server("io.example/tides", "2.0.0", ""));

  @TempDir Path dir;
  private GitUpstream upstream;

  @BeforeEach
  void startUpstream() {
    upstream = new GitUpstream(dir.resolve("server"));
  }

  @AfterEach
  void stopUpstream() {
    upstream.close();
  }

  private GitSourceReader reader() {
    return reader(SourceReaderSettings.under(dir.resolve("home")));
  }

  private static GitSourceReader reader(SourceReaderSettings settings) {
    return new GitSourceReader(new RegistryDocumentParser(), settings);
  }

  private static SourceDefinition source(SourceKind.Git git) {
    return new SourceDefinition(
        SourceName.of("catalog"), git, Optional.of(Duration.ofMinutes(5)), EntryFilter.NONE, null);
  }

  private SourceKind.Git branch(URI repository, String branch) {
    return new SourceKind.Git(
        repository,
        Optional.of(branch),
        Optional.empty(),
        Optional.empty(),
        "registry.json",
        Optional.empty(),
        Optional.empty());
  }

  private URI fileUrl() {
    return upstream.bare().toUri();
  }

  private static List<String> names(FetchedSource fetched) throws SourceReadException {
    return fetched.parse().servers().stream()
        .map(ServerManifest::name)
        .map(Object::toString)
        .toList();
  }

  @Test
  void givenABranchOverFileUrl_whenANewCommitIsPushed_thenTheNextCheckReadsIt() throws Exception {
    upstream.commit("registry.json", V1);
    GitSourceReader reader = reader();

    FetchedSource first = reader.fetch(source(branch(fileUrl(), "main")));
    upstream.commit("registry.json", V2);
    FetchedSource second = reader.fetch(source(branch(fileUrl(), "main")));

    assertThat(names(first)).containsExactly("io.example/weather");
    assertThat(names(second)).containsExactly("io.example/weather", "io.example/tides");
    assertThat(second.contentHash()).isNotEqualTo(first.contentHash());
  }

  @Test
  void givenNothingWasPushed_whenCheckedAgain_thenTheHashIsTheSameSoTheSyncIsSkipped()
      throws Exception {
    upstream.commit("registry.json", V1);
    GitSourceReader reader = reader();

    String first = reader.fetch(source(branch(fileUrl(), "main"))).contentHash();
    String second = reader.fetch(source(branch(fileUrl(), "main"))).contentHash();

    assertThat(second).isEqualTo(first).isEqualTo(ContentHash.sha256Hex(V1.getBytes()));
  }

  @Test
  void givenTheClonePersists_whenANewReaderStarts_thenItUsesTheSameLocalClone() throws Exception {
    upstream.commit("registry.json", V1);
    reader().fetch(source(branch(fileUrl(), "main")));

    try (var clones = Files.list(dir.resolve("home").resolve("git"))) {
      assertThat(clones.map(p -> p.getFileName().toString()).toList())
          .singleElement()
          .satisfies(name -> assertThat(name).startsWith("catalog-"));
    }
    assertThat(names(reader().fetch(source(branch(fileUrl(), "main")))))
        .containsExactly("io.example/weather");
  }

  @Test
  void givenAForcePush_whenChecked_thenTheRewrittenBranchIsRead() throws Exception {
    ObjectId old = upstream.commit("registry.json", V1);
    upstream.commit("registry.json", V2);
    GitSourceReader reader = reader();
    assertThat(names(reader.fetch(source(branch(fileUrl(), "main"))))).hasSize(2);

    upstream.forcePushTo(old);

    assertThat(names(reader.fetch(source(branch(fileUrl(), "main")))))
        .containsExactly("io.example/weather");
  }

  @Test
  void givenATagPin_whenTheBranchMovesOn_thenTheTaggedFileIsStillRead() throws Exception {
    upstream.commit("registry.json", V1);
    upstream.tag("v1");
    upstream.commit("registry.json", V2);
    SourceKind.Git tag =
        new SourceKind.Git(
            fileUrl(),
            Optional.empty(),
            Optional.of("v1"),
            Optional.empty(),
            "registry.json",
            Optional.empty(),
            Optional.empty());

    assertThat(names(reader().fetch(source(tag)))).containsExactly("io.example/weather");
  }

  @Test
  void givenACommitPin_whenTheBranchMovesOn_thenThatCommitsFileIsRead() throws Exception {
    ObjectId pinned = upstream.commit("registry.json", V1);
    upstream.commit("registry.json", V2);
    SourceKind.Git commit =
        new SourceKind.Git(
            fileUrl(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(pinned.name()),
            "registry.json",
            Optional.empty(),
            Optional.empty());

    assertThat(names(reader().fetch(source(commit)))).containsExactly("io.example/weather");
  }

  @Test
  void givenNoPin_whenChecked_thenTheRemotesDefaultBranchIsRead() throws Exception {
    // ToolHive's rule, kept for drop-in configs: no branch, tag or commit means the branch the
    // remote's HEAD names, here one that is not called main and differs from main.
    upstream.commit("catalog/upstream.json", V1);
    upstream.branch("trunk");
    upstream.commit("catalog/upstream.json", V2);
    try (Repository bare = upstream.bareRepository()) {
      RefUpdate head = bare.updateRef(Constants.HEAD);
      assertThat(head.link("refs/heads/trunk")).isEqualTo(RefUpdate.Result.FORCED);
    }
    SourceKind.Git noPin =
        new SourceKind.Git(
            fileUrl(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "/catalog/upstream.json",
            Optional.empty(),
            Optional.empty());

    assertThat(names(reader().fetch(source(noPin)))).hasSize(2);
  }

  @Test
  void givenAMissingBranch_whenChecked_thenTheMessageNamesIt() {
    upstream.commit("registry.json", V1);

    assertThatThrownBy(() -> reader().fetch(source(branch(fileUrl(), "release"))))
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining("git fetch of branch release failed")
        .hasMessageContaining("refs/heads/release");
  }

  @Test
  void givenAMissingFile_whenChecked_thenTheMessageNamesThePathAndCommit() {
    upstream.commit("other.json", V1);

    assertThatThrownBy(() -> reader().fetch(source(branch(fileUrl(), "main"))))
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining("file not found: registry.json at commit ");
  }

  @Test
  void givenAFileOverTheBound_whenChecked_thenTheSyncFailsSayingSo() {
    upstream.commit("registry.json", V2);
    GitSourceReader small =
        reader(new SourceReaderSettings(dir.resolve("home"), 1024L * 1024 * 1024, 100));

    assertThatThrownBy(() -> small.fetch(source(branch(fileUrl(), "main"))))
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining(
            "the file is " + V2.length() + " bytes, larger than the bound of 100");
  }

  @Test
  void givenARepositoryOverTheDiskBound_whenChecked_thenTheSyncFailsAndNoCloneIsLeft() {
    byte[] noise = new byte[2 * 1024 * 1024];
    new Random(7).nextBytes(noise);
    upstream.commit("blob.bin", noise);
    upstream.commit("registry.json", V1);
    Path home = dir.resolve("home");
    GitSourceReader small = reader(new SourceReaderSettings(home, 256 * 1024, 1024 * 1024));

    assertThatThrownBy(() -> small.fetch(source(branch(fileUrl(), "main"))))
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining("the repository is larger than the bound of 262144 bytes on disk");
    assertThat(GitProgress.sizeOf(home)).isZero();
  }

  @Nested
  class OverHttpWithBasicAuth {
    private GitHttpServer server;
    private Repository bare;

    @BeforeEach
    void start() throws Exception {
      upstream.commit("registry.json", V1);
      bare = upstream.bareRepository();
      server = new GitHttpServer(bare, "reader", "s3cret-token");
    }

    @AfterEach
    void stop() {
      server.close();
      bare.close();
    }

    private SourceKind.Git withAuth(String password, Optional<String> tag, Optional<String> commit)
        throws Exception {
      Path passwordFile = Files.writeString(dir.resolve("password-" + password), password + "\n");
      return new SourceKind.Git(
          server.url(),
          tag.isPresent() || commit.isPresent() ? Optional.empty() : Optional.of("main"),
          tag,
          commit,
          "registry.json",
          Optional.of("reader"),
          Optional.of(passwordFile));
    }

    @Test
    void
        givenTheRightPassword_whenANewCommitIsPushed_thenItIsPickedUpAndAnUnchangedCheckFetchesNoPack()
            throws Exception {
      GitSourceReader reader = reader();
      SourceKind.Git git = withAuth("s3cret-token", Optional.empty(), Optional.empty());

      assertThat(names(reader.fetch(source(git)))).containsExactly("io.example/weather");
      int packsAfterClone = server.packRequests();
      reader.fetch(source(git));
      assertThat(server.packRequests())
          .as("an unchanged branch downloads no pack")
          .isEqualTo(packsAfterClone);

      upstream.commit("registry.json", V2);
      assertThat(names(reader.fetch(source(git)))).hasSize(2);
    }

    @Test
    void givenACommitPinAlreadyFetched_whenCheckedAgain_thenTheServerIsNotAskedAtAll()
        throws Exception {
      ObjectId pinned = upstream.commit("registry.json", V2);
      GitSourceReader reader = reader();
      SourceKind.Git git = withAuth("s3cret-token", Optional.empty(), Optional.of(pinned.name()));
      reader.fetch(source(git));
      int packs = server.packRequests();

      assertThat(names(reader.fetch(source(git)))).hasSize(2);
      assertThat(server.packRequests()).isEqualTo(packs);
    }

    @Test
    void givenATagPin_whenFetchedOverHttp_thenTheTaggedFileIsRead() throws Exception {
      upstream.tag("v1.0.0");
      upstream.commit("registry.json", V2);

      assertThat(
              names(
                  reader()
                      .fetch(
                          source(
                              withAuth("s3cret-token", Optional.of("v1.0.0"), Optional.empty())))))
          .containsExactly("io.example/weather");
    }

    @Test
    void givenAWrongPassword_whenChecked_thenTheSyncFailsWithoutShowingThePassword()
        throws Exception {
      SourceKind.Git git = withAuth("wrong-guess", Optional.empty(), Optional.empty());

      assertThatThrownBy(() -> reader().fetch(source(git)))
          .isInstanceOf(SourceReadException.class)
          .hasMessageContaining(server.url().toString())
          .hasMessageContaining("git fetch of branch main failed")
          .message()
          .doesNotContain("wrong-guess");
      assertThat(server.refusedRequests()).isPositive();
    }
  }

  @Nested
  class OverSshWithAKeyAndKnownHosts {
    private GitSshServer server;
    private Repository bare;
    private Path ssh;

    @BeforeEach
    void start() throws Exception {
      upstream.commit("registry.json", V1);
      bare = upstream.bareRepository();
      server = new GitSshServer(bare);
      ssh = dir.resolve("user-ssh");
      server.writeClientKey(ssh);
    }

    @AfterEach
    void stop() throws Exception {
      server.close();
      bare.close();
    }

    private GitSourceReader sshReader() {
      return reader(SourceReaderSettings.under(dir.resolve("home")).withSshDirectory(ssh));
    }

    @Test
    void givenTheServersKeyInKnownHosts_whenANewCommitIsPushed_thenItIsPickedUp() throws Exception {
      server.writeKnownHosts(ssh, server.hostKey());
      GitSourceReader reader = sshReader();
      SourceKind.Git git = branch(URI.create(server.url()), "main");

      assertThat(names(reader.fetch(source(git)))).containsExactly("io.example/weather");

      upstream.commit("registry.json", V2);
      assertThat(names(reader.fetch(source(git)))).hasSize(2);
    }

    @Test
    void givenAnEd25519Key_theCommonestUserKey_whenChecked_thenTheRepositoryIsRead()
        throws Exception {
      server.close();
      // Generated by the provider that sshd signs Ed25519 with, as ssh-keygen's file would load.
      KeyPair ed25519 = SecurityUtils.getKeyPairGenerator(SecurityUtils.ED25519).generateKeyPair();
      server = new GitSshServer(bare, ed25519, "id_ed25519");
      Path edSsh = dir.resolve("ed25519-ssh");
      server.writeClientKey(edSsh);
      server.writeKnownHosts(edSsh, server.hostKey());
      ssh = edSsh;

      assertThat(names(sshReader().fetch(source(branch(URI.create(server.url()), "main")))))
          .containsExactly("io.example/weather");
    }

    @Test
    void givenAnUnknownHostKey_whenChecked_thenTheSyncFailsSayingTheKeyIsNotKnown()
        throws Exception {
      server.writeKnownHosts(ssh, GitSshServer.otherKey());

      assertThatThrownBy(() -> sshReader().fetch(source(branch(URI.create(server.url()), "main"))))
          .isInstanceOf(SourceReadException.class)
          .hasMessageContaining(server.url())
          .hasMessageContaining("host key " + KeyUtils.getFingerPrint(server.hostKey()))
          .hasMessageContaining("is not listed for [127.0.0.1]:")
          .hasMessageContaining(ssh.resolve("known_hosts").toString());
    }

    @Test
    void givenNoKnownHostsAtAll_whenChecked_thenTheSyncFailsInsteadOfTrustingTheFirstKey() {
      assertThatThrownBy(() -> sshReader().fetch(source(branch(URI.create(server.url()), "main"))))
          .isInstanceOf(SourceReadException.class)
          .hasMessageContaining("known_hosts");
      assertThat(ssh.resolve("known_hosts")).doesNotExist();
    }
  }
}
