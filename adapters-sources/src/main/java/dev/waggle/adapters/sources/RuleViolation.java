package dev.waggle.adapters.sources;

/**
 * Source adapter value: the first rule a server entry breaks — where ({@code field}, a path such as
 * {@code packages[0].transport.url}), what was found there ({@code value}, null when missing) and
 * which rule it broke.
 */
record RuleViolation(String field, String value, String reason) {}
