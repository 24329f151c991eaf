package dev.waggle.adapters.k8s.dependent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Kubernetes adapter: the content hashes written into annotations — FNV-32a, as ToolHive uses for
 * the config and checksum annotations, and SHA-256 of canonical JSON for the pod template.
 */
public final class Hashes {
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
          .build();

  private Hashes() {}

  /** FNV-1a 32-bit, printed like Go's {@code %x}: lower-case hex without leading zeros. */
  public static String fnv32a(String text) {
    int hash = 0x811c9dc5;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return Integer.toHexString(hash);
  }

  public static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
  }

  /**
   * JSON with object keys in sorted order at every depth, so that equal content always hashes the
   * same whatever order it was written in.
   */
  public static String canonicalJson(Object value) {
    try {
      return CANONICAL.writeValueAsString(CANONICAL.convertValue(value, Object.class));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot serialise for hashing: " + e.getMessage(), e);
    }
  }
}
