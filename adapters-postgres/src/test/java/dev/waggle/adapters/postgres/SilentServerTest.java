package dev.waggle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.application.port.out.StorageUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server that accepts connections and never answers: a hung PostgreSQL, or another process that
 * took the port of an embedded PostgreSQL that died. Opening a session must give up, not wait
 * forever holding what {@code close()} needs; that kept a Waggle whose embedded database could not
 * be restarted from ever stopping.
 */
class SilentServerTest {
  private ServerSocket silent;
  private final List<Socket> accepted = new ArrayList<>();
  private Thread acceptor;

  @BeforeEach
  void listenWithoutAnswering() throws IOException {
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor =
        new Thread(
            () -> {
              while (!silent.isClosed()) {
                try {
                  accepted.add(silent.accept());
                } catch (IOException closed) {
                  return;
                }
              }
            },
            "silent-server");
    acceptor.start();
  }

  @AfterEach
  void stop() throws Exception {
    silent.close();
    acceptor.join(5_000);
    for (Socket socket : accepted) {
      socket.close();
    }
  }

  private PostgresSettings settings() {
    return new PostgresSettings(
        "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/waggle?sslmode=disable",
        "waggle",
        "secret",
        null,
        null,
        4,
        1,
        Duration.ofMinutes(30));
  }

  @Test
  void givenAServerThatNeverAnswers_whenTheLivenessLockIsTaken_thenItFailsAndCloseReturns()
      throws Exception {
    PostgresLivenessLock liveness = new PostgresLivenessLock(settings());

    CompletableFuture<Integer> key = CompletableFuture.supplyAsync(liveness::key);
    // Far more than the login timeout; without one this never completes.
    assertThatThrownBy(() -> key.get(60, TimeUnit.SECONDS))
        .hasCauseInstanceOf(StorageUnavailableException.class);
    CompletableFuture<Void> closed = CompletableFuture.runAsync(liveness::close);
    closed.get(60, TimeUnit.SECONDS);
    assertThat(closed).isDone();
  }
}
