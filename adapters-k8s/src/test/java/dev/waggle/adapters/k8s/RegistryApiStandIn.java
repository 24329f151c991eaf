package dev.waggle.adapters.k8s;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test double of a running registry server's API: records the sync requests it gets and answers
 * them with a chosen status, over real HTTP on loopback.
 */
public final class RegistryApiStandIn implements AutoCloseable {
  private final HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 202;

  private RegistryApiStandIn(HttpServer server) {
    this.server = server;
  }

  public static RegistryApiStandIn start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    RegistryApiStandIn standIn = new RegistryApiStandIn(server);
    server.createContext(
        "/",
        exchange -> {
          standIn.requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
          exchange.sendResponseHeaders(standIn.status, -1);
          exchange.close();
        });
    server.start();
    return standIn;
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every request so far, as {@code METHOD path}. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  public void answerWith(int httpStatus) {
    this.status = httpStatus;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
