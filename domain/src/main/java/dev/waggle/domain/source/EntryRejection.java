package dev.waggle.domain.source;

/**
 * Value object: one entry of a source that was not taken, and why — so an operator can find it in
 * the file ({@code index}, {@code entryName}) and fix the field ({@code field}, {@code value}).
 */
public record EntryRejection(
    int index, String entryName, String field, String value, String reason) {
  public String describe() {
    return "entry #"
        + index
        + (entryName == null ? "" : " (" + entryName + ")")
        + ": "
        + field
        + ": "
        + reason
        + (value == null ? "" : " (got \"" + value + "\")");
  }
}
