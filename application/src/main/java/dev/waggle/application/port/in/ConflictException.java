package dev.waggle.application.port.in;

/**
 * Thrown when a write would break a rule about what else is stored — a second managed source, a
 * source deleted while a registry lists it; the HTTP edge answers 409 with this message.
 */
public class ConflictException extends RuntimeException {
  public ConflictException(String message) {
    super(message);
  }
}
