package dev.waggle.adapters.http;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.Objects;
import java.util.Optional;

/**
 * HTTP adapter: both listen addresses, bound before anything slow starts, so that a busy port stops
 * Waggle at once with the flag to change, and no other process can take the port while the database
 * starts; {@link HttpApi} then serves on these very sockets.
 */
public final class ListenerSockets implements AutoCloseable {
  /** Connections the kernel queues before they are accepted: 0 is its default, as with Jetty. */
  private static final int BACKLOG = 0;

  private final ServerSocketChannel internalChannel;
  private final ServerSocketChannel publicChannel;

  private ListenerSockets(ServerSocketChannel internalChannel, ServerSocketChannel publicChannel) {
    this.internalChannel = internalChannel;
    this.publicChannel = publicChannel;
  }

  /**
   * Binds the internal address, then the public one, as the listeners start.
   *
   * @throws IllegalStateException naming the flag and the address that cannot be bound
   */
  public static ListenerSockets bind(HttpSettings settings) {
    Objects.requireNonNull(settings, "'settings' must not be null");
    ServerSocketChannel internal =
        open(HttpSettings.INTERNAL_ADDRESS_FLAG, settings.internalListener());
    try {
      return new ListenerSockets(
          internal, open(HttpSettings.ADDRESS_FLAG, settings.publicListener()));
    } catch (RuntimeException e) {
      closeQuietly(internal);
      throw e;
    }
  }

  Optional<ServerSocketChannel> internalChannel() {
    return Optional.of(internalChannel).filter(ServerSocketChannel::isOpen);
  }

  Optional<ServerSocketChannel> publicChannel() {
    return Optional.of(publicChannel).filter(ServerSocketChannel::isOpen);
  }

  /** Closes what the listeners have not taken over; they close their own sockets on stop. */
  @Override
  public void close() {
    closeQuietly(publicChannel);
    closeQuietly(internalChannel);
  }

  private static ServerSocketChannel open(String flag, ListenAddress address) {
    ServerSocketChannel channel = null;
    try {
      channel = ServerSocketChannel.open();
      // As Jetty does: a restart must not wait for the previous run's closed connections.
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(new InetSocketAddress(address.host(), address.port()), BACKLOG);
      return channel;
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw new IllegalStateException(flag + " " + address + ": " + why(e), e);
    }
  }

  private static String why(Exception e) {
    String message = Objects.toString(e.getMessage(), e.getClass().getSimpleName());
    if (e instanceof BindException && message.contains("in use")) {
      return "the port is already in use by another process; stop it or choose another address"
          + " with this flag";
    }
    return "cannot listen there: " + message;
  }

  private static void closeQuietly(ServerSocketChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing was served on it; there is nothing to report.
    }
  }
}
