package dev.waggle.domain.access;

/**
 * Thrown when a caller lacks the role an action needs, or its claims do not reach the resource it
 * acts on; the HTTP edge answers 403 with this message.
 */
public class AccessDeniedException extends RuntimeException {
  public static final String INSUFFICIENT_PERMISSIONS = "forbidden: insufficient permissions";

  public AccessDeniedException(String message) {
    super(message);
  }
}
