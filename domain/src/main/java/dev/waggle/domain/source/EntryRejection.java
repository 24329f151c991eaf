package dev.waggle.domain.source;

/**
 * Value object: one entry of a source that was not taken, and why — so an operator can find it in
 * the file ({@code index}, {@code entryName}) and fix the field ({@code field}, {@code value}).
 */
public record EntryRejection(
    int index, String entryName, String field, String value, String reason) {
  private static final int SHOWN_VALUE_LENGTH = 80;

  private static String shorten(String value) {
    // A whole description or document would drown the log line; its start identifies it.
    return value.length() > SHOWN_VALUE_LENGTH
        ? value.substring(0, SHOWN_VALUE_LENGTH - 3) + "..."
        : value;
  }

  public String describe() {
    return "entry #"
        + index
        + (entryName == null ? "" : " (" + entryName + ")")
        + ": "
        + field
        + ": "
        + reason
        + (value == null ? "" : " (got \"" + shorten(value) + "\")");
  }
}
