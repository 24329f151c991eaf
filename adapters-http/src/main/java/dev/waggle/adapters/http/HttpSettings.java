package dev.waggle.adapters.http;

import java.util.Objects;

/**
 * Settings value for the HTTP adapter: the {@code [host]:port} the public API ({@code --address})
 * and the internal endpoints ({@code --internal-address}) listen on, and the running build.
 */
public record HttpSettings(String address, String internalAddress, BuildInfo buildInfo) {
  static final String ADDRESS_FLAG = "--address";
  static final String INTERNAL_ADDRESS_FLAG = "--internal-address";

  /** Rejects an invalid address, or two listeners on one port, naming the flags. */
  public HttpSettings {
    ListenAddress publicListener = ListenAddress.parse(ADDRESS_FLAG, address);
    ListenAddress internalListener = ListenAddress.parse(INTERNAL_ADDRESS_FLAG, internalAddress);
    if (publicListener.clashesWith(internalListener)) {
      throw new IllegalArgumentException(
          ADDRESS_FLAG
              + " '"
              + address
              + "' and "
              + INTERNAL_ADDRESS_FLAG
              + " '"
              + internalAddress
              + "' would bind the same port; give the internal listener its own port");
    }
    Objects.requireNonNull(buildInfo, "'buildInfo' must not be null");
  }

  ListenAddress publicListener() {
    return ListenAddress.parse(ADDRESS_FLAG, address);
  }

  ListenAddress internalListener() {
    return ListenAddress.parse(INTERNAL_ADDRESS_FLAG, internalAddress);
  }
}
