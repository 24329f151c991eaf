package dev.waggle.application.port.in;

import dev.waggle.domain.catalog.ServerName;

/** Thrown when a server, or the asked-for version of it, is missing or hidden from the caller. */
public class ServerNotFoundException extends RuntimeException {
  public ServerNotFoundException(ServerName name, String version) {
    super(
        version == null
            ? "Server not found: " + name.value()
            : "Server not found: " + name.value() + " version " + version);
  }
}
