package dev.waggle.adapters.sources;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * Test fixture: a Git smart-HTTP server on loopback serving one repository for fetches, behind HTTP
 * basic authentication — the protocol GitHub and GitLab speak, spoken here by JGit's own
 * upload-pack.
 */
final class GitHttpServer implements AutoCloseable {
  private final Repository repository;
  private final String authorization;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final AtomicInteger packRequests = new AtomicInteger();
  private final AtomicInteger refusedRequests = new AtomicInteger();

  GitHttpServer(Repository repository, String username, String password) throws IOException {
    this.repository = repository;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** The repository's URL, as a Git host would print it. */
  URI url() {
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/platform/catalog.git");
  }

  /** How many pack downloads (upload-pack POSTs) were answered. */
  int packRequests() {
    return packRequests.get();
  }

  int refusedRequests() {
    return refusedRequests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        refusedRequests.incrementAndGet();
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getQuery();
      if (exchange.getRequestMethod().equals("GET")
          && path.equals("/platform/catalog.git/info/refs")
          && "service=git-upload-pack".equals(query)) {
        exchange
            .getResponseHeaders()
            .add("Content-Type", "application/x-git-upload-pack-advertisement");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        PacketLineOut lines = new PacketLineOut(out);
        lines.writeString("# service=git-upload-pack\n");
        lines.end();
        UploadPack pack = new UploadPack(repository);
        pack.setBiDirectionalPipe(false);
        pack.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(lines));
        out.flush();
      } else if (exchange.getRequestMethod().equals("POST")
          && path.equals("/platform/catalog.git/git-upload-pack")) {
        packRequests.incrementAndGet();
        InputStream in = exchange.getRequestBody();
        if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
          in = new GZIPInputStream(in);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-result");
        exchange.sendResponseHeaders(200, 0);
        UploadPack pack = new UploadPack(repository);
        pack.setBiDirectionalPipe(false);
        pack.upload(in, exchange.getResponseBody(), null);
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
