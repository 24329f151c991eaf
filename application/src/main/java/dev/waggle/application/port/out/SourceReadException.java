package dev.waggle.application.port.out;

/** Thrown when a source cannot be fetched or parsed; the message is shown to operators as is. */
public class SourceReadException extends Exception {
  public SourceReadException(String message) {
    super(message);
  }

  public SourceReadException(String message, Throwable cause) {
    super(message, cause);
  }
}
