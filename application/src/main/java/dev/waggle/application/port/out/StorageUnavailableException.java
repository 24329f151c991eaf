package dev.waggle.application.port.out;

/**
 * Thrown by storage when the system of record cannot be reached right now (it is down, restarting,
 * or every connection is busy), as opposed to a request it rejected; retrying later may succeed.
 */
public class StorageUnavailableException extends RuntimeException {
  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
