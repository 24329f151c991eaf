package dev.waggle.bootstrap.e2e;

import static dev.waggle.bootstrap.e2e.Api.namesAndVersions;
import static dev.waggle.bootstrap.e2e.RegistryFiles.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.adapters.sources.testing.GitSshServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar, started as a user would with a config file whose git sources are read over ssh:
 * the key and {@code known_hosts} are the user's own, in the {@code ~/.ssh} of the home the JVM is
 * given ({@code -Duser.home}), which JGit and Waggle both read.
 */
class GitOverSshFatJarIT {
  private static final Path JAR =
      Path.of(System.getProperty("waggle.jar", "target/waggle.jar")).toAbsolutePath();
  private static final Pattern PUBLIC_URL =
      Pattern.compile("serving the MCP Registry API on (http://[^/ ]+)/");
  private static final PersonIdent MAINTAINER = new PersonIdent("Maintainer", "m@example.com");
  private static final String NS = "io.example.ssh/";
  private static final Duration SETTLED = Duration.ofSeconds(90);

  @TempDir Path dir;

  /** A bare repository whose {@code main} holds {@code registry.json} with one server. */
  private Repository bareRepository(String name, String server) throws Exception {
    Path work = dir.resolve(name + "-work");
    try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
      registry()
          .server(NS + server, "1.0.0", "Served over ssh")
          .writeTo(work.resolve("registry.json"));
      git.add().addFilepattern("registry.json").call();
      git.commit().setMessage("catalog").setAuthor(MAINTAINER).setCommitter(MAINTAINER).call();
    }
    // The caller closes the repository, which is all that closing the Git wrapper would do.
    return Git.cloneRepository()
        .setBare(true)
        .setURI(work.toUri().toString())
        .setDirectory(dir.resolve(name + ".git").toFile())
        .call()
        .getRepository();
  }

  @Test
  void givenTheUsersSshDirectory_whenTheJarServes_thenAKnownHostSyncsAndAnUnknownHostKeyFails()
      throws Exception {
    KeyPair userKey = GitSshServer.ecKey();
    Path userHome = dir.resolve("user");
    Path ssh = userHome.resolve(".ssh");
    try (Repository trustedRepository = bareRepository("trusted", "weather");
        Repository strangerRepository = bareRepository("stranger", "impostor");
        GitSshServer trusted = new GitSshServer(trustedRepository, userKey, "id_ecdsa");
        // Accepts the same user key: only its host key, which known_hosts lists otherwise,
        // stands between the sync and the repository.
        GitSshServer stranger = new GitSshServer(strangerRepository, userKey, "id_ecdsa")) {
      trusted.writeClientKey(ssh);
      Files.writeString(
          ssh.resolve("known_hosts"),
          trusted.knownHostsLine(trusted.hostKey())
              + stranger.knownHostsLine(GitSshServer.otherKey()));
      Path config = dir.resolve("config.yaml");
      Files.writeString(
          config,
          """
          sources:
            - name: team-catalog
              git: {repository: "%s", branch: main, path: registry.json}
              syncPolicy: {interval: 1h}
            - name: stranger
              git: {repository: "%s", branch: main, path: registry.json}
              syncPolicy: {interval: 1h}
          registries:
            - {name: default, sources: [team-catalog, stranger]}
          auth: {mode: anonymous}
          """
              .formatted(trusted.url(), stranger.url()));

      Process serve =
          java(
              List.of("-Duser.home=" + userHome),
              List.of(
                  "serve",
                  "--config",
                  config.toString(),
                  "--address",
                  "127.0.0.1:0",
                  "--internal-address",
                  "127.0.0.1:0"));
      List<String> log = new CopyOnWriteArrayList<>();
      Thread reader = new Thread(() -> collect(serve, log), "waggle-output");
      reader.start();
      try {
        Api api = new Api(awaitUrl(log, serve));

        JsonNode synced = settled(api, "team-catalog");
        assertThat(synced.get("phase").asText())
            .as("team-catalog: %s", synced)
            .isEqualTo("complete");
        assertThat(synced.get("lastResult").asText()).isEqualTo("updated");
        assertThat(synced.get("serverCount").asInt()).isEqualTo(1);
        assertThat(namesAndVersions(api.ok("/v0.1/servers"))).containsExactly(NS + "weather@1.0.0");

        JsonNode refused = settled(api, "stranger");
        assertThat(refused.get("phase").asText()).as("stranger: %s", refused).isEqualTo("failed");
        assertThat(refused.get("lastResult").asText()).isEqualTo("failed");
        // Over HTTP, anonymous callers learn the step that failed, not this host's paths or hosts.
        assertThat(refused.get("message").asText())
            .startsWith("fetch failed;")
            .contains("The server log has the cause (source stranger)")
            .doesNotContain(ssh.toString());
        assertThat(namesAndVersions(api.ok("/v0.1/servers")))
            .as("nothing from the refused host")
            .containsExactly(NS + "weather@1.0.0");
      } finally {
        // SIGTERM through the handle: Process.destroy() would also close the log stream we read.
        serve.toHandle().destroy();
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
        reader.join(5_000);
      }
      // The operator's log has the cause and what to do about it: the fingerprint to check, the
      // address and the file the key belongs in.
      assertThat(log)
          .as("log:%n%s", String.join("\n", log))
          .anyMatch(
              line ->
                  line.contains("stranger")
                      && line.contains(stranger.url())
                      && line.contains("host key " + KeyUtils.getFingerPrint(stranger.hostKey()))
                      && line.contains("is not listed for [127.0.0.1]:")
                      && line.contains(ssh.resolve("known_hosts").toString()));
      assertThat(String.join("\n", log))
          .as("the log names keys by fingerprint only")
          .doesNotContain(keyMaterial(ssh, userKey, trusted, stranger));
    }
  }

  /**
   * What must never reach a log: each base64 line of the user's private key file and every public
   * key blob (user's and servers'), which, unlike a fingerprint, is the key itself.
   */
  private static String[] keyMaterial(
      Path ssh, KeyPair userKey, GitSshServer trusted, GitSshServer stranger) throws Exception {
    List<String> material = new ArrayList<>();
    for (String line : Files.readAllLines(ssh.resolve("id_ecdsa"))) {
      // A short last line ("AAAA==") could occur in any log by chance; the full lines cannot.
      if (line.strip().length() >= 20 && !line.startsWith("-----")) {
        material.add(line.strip());
      }
    }
    for (var key : Set.of(userKey.getPublic(), trusted.hostKey(), stranger.hostKey())) {
      material.add(GitSshServer.publicKeyText(key).split(" ")[1]);
    }
    assertThat(material).as("the private key file has a body").hasSizeGreaterThan(3);
    return material.toArray(String[]::new);
  }

  /** The source's {@code syncStatus} once its first sync is over, whatever its outcome. */
  private static JsonNode settled(Api api, String source) {
    JsonNode[] status = new JsonNode[1];
    await()
        .atMost(SETTLED)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              status[0] = api.ok("/v1/sources/" + source).get("syncStatus");
              String phase = status[0].get("phase").asText();
              return phase.equals("complete") || phase.equals("failed");
            });
    return status[0];
  }

  private Process java(List<String> jvmOptions, List<String> arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(arguments);
    // One stream to read: logs go to stderr, and nothing else may carry a key either.
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().put("WAGGLE_HOME", dir.resolve("waggle-home").toString());
    builder.environment().remove("CONFIG_FILE");
    builder.environment().keySet().removeIf(name -> name.startsWith("THV_REGISTRY_"));
    return builder.start();
  }

  private static void collect(Process process, List<String> log) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        log.add(line);
      }
    } catch (IOException e) {
      log.add("(output closed: " + e.getMessage() + ")");
    }
  }

  private static URI awaitUrl(List<String> log, Process process) {
    URI[] url = new URI[1];
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError(
                    "waggle exited with " + process.exitValue() + ":\n" + String.join("\n", log));
              }
              for (String line : log) {
                Matcher matcher = PUBLIC_URL.matcher(line);
                if (matcher.find()) {
                  url[0] = URI.create(matcher.group(1));
                  return true;
                }
              }
              return false;
            });
    return url[0];
  }
}
