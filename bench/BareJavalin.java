import io.javalin.Javalin;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * Benchmark ceiling: bare Javalin, from Waggle's own jar, answering every {@code GET /<file>} with
 * the bytes of that file held in memory — what this JVM and HTTP stack can do when a request costs
 * nothing else. It writes a body as Waggle writes a catalog answer asked before: its length
 * announced, in one write (Javalin's own {@code result} would copy it in 32 KiB chunks), from a
 * copy outside the heap that the socket sends as it is, so that the two differ only in what Waggle
 * does around the write.
 *
 * <p>Usage: {@code java -cp waggle.jar bench/BareJavalin.java PORT DIRECTORY}; listens on
 * 127.0.0.1 only.
 */
public final class BareJavalin {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Path directory = Path.of(args[1]);
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                  byte[] bytes = Files.readAllBytes(file);
                  ByteBuffer body =
                      ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
                  config.routes.get(
                      "/" + file.getFileName(),
                      ctx -> {
                        ctx.contentType("application/json");
                        ctx.res().setContentLength(bytes.length);
                        ((HttpOutput) ctx.res().getOutputStream()).write(body.duplicate());
                      });
                }
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    app.start("127.0.0.1", port);
  }
}
