package dev.waggle.adapters.postgres;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Persistence adapter helper: the documents a write on this replica has just committed, by their
 * {@link DocumentDigest}, held while that write brings this replica's snapshots up to date — so
 * that a snapshot takes those texts from memory instead of reading them back. The rows themselves
 * (ranking, claims, times) are still read from the database; a text is only taken from here for a
 * row whose stored digest names it, so what is served is what a fresh read would give, whoever
 * wrote the row.
 */
final class RecentDocuments {
  private final List<Map<ByteBuffer, String>> offered = new CopyOnWriteArrayList<>();

  /** Offers {@code documents} (text by digest) until the returned offer is closed. */
  Offer offer(Map<ByteBuffer, String> documents) {
    Objects.requireNonNull(documents, "'documents' must not be null");
    if (documents.isEmpty()) {
      return () -> {};
    }
    offered.add(documents);
    return () -> offered.remove(documents);
  }

  /** The documents offered now; stays as it is when offers come and go later. */
  Known known() {
    return new Known(List.copyOf(offered));
  }

  /** An offer, withdrawn when closed. */
  interface Offer extends AutoCloseable {
    @Override
    void close();
  }

  /** The documents offered at one moment. */
  record Known(List<Map<ByteBuffer, String>> documents) {
    Known {
      documents = List.copyOf(documents);
    }

    boolean isEmpty() {
      return documents.isEmpty();
    }

    /** Every digest offered, each once, in hexadecimal. */
    List<String> digests() {
      if (documents.size() == 1) {
        return documents.get(0).keySet().stream().map(RecentDocuments::hex).toList();
      }
      return documents.stream()
          .flatMap(d -> d.keySet().stream())
          .distinct()
          .map(RecentDocuments::hex)
          .toList();
    }

    /** The text with this digest; null when none was offered. */
    String text(byte[] digest) {
      ByteBuffer key = ByteBuffer.wrap(digest);
      for (Map<ByteBuffer, String> d : documents) {
        String text = d.get(key);
        if (text != null) {
          return text;
        }
      }
      return null;
    }
  }

  private static String hex(ByteBuffer digest) {
    byte[] bytes = new byte[digest.remaining()];
    digest.duplicate().get(bytes);
    return DocumentDigest.hex(bytes);
  }
}
