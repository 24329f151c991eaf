package dev.waggle.domain;

/**
 * Domain error: a value broke a rule; names the field and the rejected value so callers can say
 * which.
 */
public class ValidationException extends IllegalArgumentException {
  private final String field;
  private final String rejectedValue;
  private final String reason;

  public ValidationException(String field, Object rejectedValue, String reason) {
    super(field + ": " + reason + " (got " + quote(rejectedValue) + ")");
    this.field = field;
    this.rejectedValue = rejectedValue == null ? null : String.valueOf(rejectedValue);
    this.reason = reason;
  }

  public String field() {
    return field;
  }

  public String rejectedValue() {
    return rejectedValue;
  }

  /** The rule that was broken, without the field name prefix. */
  public String reason() {
    return reason;
  }

  private static String quote(Object value) {
    if (value == null) {
      return "nothing";
    }
    String text = String.valueOf(value);
    // Long values (documents, descriptions) would drown the message; the start is enough to find
    // it.
    return "\"" + (text.length() > 120 ? text.substring(0, 117) + "..." : text) + "\"";
  }
}
