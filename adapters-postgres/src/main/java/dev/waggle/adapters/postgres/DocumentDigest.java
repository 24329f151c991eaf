package dev.waggle.adapters.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Persistence adapter helper: the digest stored beside each version's document (SHA-256 of its
 * UTF-8 bytes, as PostgreSQL's {@code sha256(convert_to(text, 'UTF8'))} gives it), by which a sync
 * recognizes an unchanged document without reading the stored text.
 */
final class DocumentDigest {
  private static final HexFormat HEX = HexFormat.of();

  // Looked up once per write: finding the provider costs about what hashing a document does.
  private final MessageDigest sha256 = sha256();

  /** The digest of {@code document}, computed by this instance, which one thread uses at a time. */
  byte[] digest(String document) {
    return sha256.digest(document.getBytes(StandardCharsets.UTF_8));
  }

  /** The digest of {@code document}. */
  static byte[] of(String document) {
    return new DocumentDigest().digest(document);
  }

  /** A digest in hexadecimal, as PostgreSQL's {@code decode(text, 'hex')} reads it. */
  static String hex(byte[] digest) {
    return HEX.formatHex(digest);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
