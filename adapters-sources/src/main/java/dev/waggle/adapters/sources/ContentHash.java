package dev.waggle.adapters.sources;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Source adapter helper: the change-detection hash of a source's raw content (sha256, lower-case
 * hex), the same for every reader so an unchanged file is recognised whatever fetched it.
 */
final class ContentHash {
  private ContentHash() {}

  static String sha256Hex(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256, so this cannot happen on a working JVM.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
