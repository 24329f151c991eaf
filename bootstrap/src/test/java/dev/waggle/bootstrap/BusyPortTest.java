package dev.waggle.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A port already taken stops {@code serve} before anything slow has started — no embedded database,
 * no migration — with the address and the flag to change.
 */
class BusyPortTest {
  @TempDir Path dir;

  private final StringWriter err = new StringWriter();

  private int serve(String address, String internalAddress) throws IOException {
    Files.writeString(dir.resolve("catalog.json"), "{}");
    Path config =
        Files.writeString(
            dir.resolve("config.yaml"),
            """
            sources:
              - {name: local, file: {path: catalog.json}, syncPolicy: {interval: 5m}}
            registries:
              - {name: default, sources: [local]}
            auth: {mode: anonymous}
            """);
    CommandLine cli =
        Main.commandLine(
            new CliEnvironment(
                Map.of("WAGGLE_HOME", dir.resolve("home").toString()),
                dir,
                dir.resolve("user-home"),
                false,
                new StringReader("")));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(
        "serve",
        "--config",
        config.toString(),
        "--address",
        address,
        "--internal-address",
        internalAddress);
  }

  @Test
  void givenThePublicPortIsTaken_whenServing_thenItFailsNamingTheAddressAndFlagBeforeTheDatabase()
      throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String busy = "127.0.0.1:" + taken.getLocalPort();

      int exit = serve(busy, "127.0.0.1:0");

      assertThat(exit).isEqualTo(Main.FAILED);
      assertThat(err.toString())
          .contains("Waggle cannot start")
          .contains("--address " + busy + ": the port is already in use");
      assertThat(dir.resolve("home/pg")).doesNotExist();
    }
  }

  @Test
  void givenTheInternalPortIsTaken_whenServing_thenTheInternalFlagIsNamed() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String busy = "127.0.0.1:" + taken.getLocalPort();

      int exit = serve("127.0.0.1:0", busy);

      assertThat(exit).isEqualTo(Main.FAILED);
      assertThat(err.toString())
          .contains("--internal-address " + busy + ": the port is already in use");
      assertThat(dir.resolve("home/pg")).doesNotExist();
    }
  }
}
