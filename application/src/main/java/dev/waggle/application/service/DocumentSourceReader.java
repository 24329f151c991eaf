package dev.waggle.application.service;

import dev.waggle.application.port.out.FetchedSource;
import dev.waggle.application.port.out.ServerDocumentCheck;
import dev.waggle.application.port.out.ServerDocumentSource;
import dev.waggle.application.port.out.ServerDocuments;
import dev.waggle.application.port.out.ServerDocuments.Document;
import dev.waggle.application.port.out.ServerDocuments.Refused;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.application.port.out.SourceReader;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceSnapshot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Service: makes a {@link ServerDocumentSource} a {@link SourceReader}, so that the sync engine
 * syncs it like every other kind — its documents checked by the same {@code server.json} rules,
 * known by a hash so that an unchanged source writes nothing, and every object left out named.
 */
public final class DocumentSourceReader implements SourceReader {
  private static final Comparator<Document> ORDER =
      Comparator.comparing(Document::name).thenComparing(Document::origin);

  private final ServerDocumentSource source;
  private final ServerDocumentCheck rules;

  public DocumentSourceReader(ServerDocumentSource source, ServerDocumentCheck rules) {
    this.source = Objects.requireNonNull(source, "'source' must not be null");
    this.rules = Objects.requireNonNull(rules, "'rules' must not be null");
  }

  @Override
  public boolean supports(SourceKind kind) {
    return source.supports(kind);
  }

  @Override
  public SourceSnapshot read(SourceDefinition definition) throws SourceReadException {
    return fetch(definition).parse();
  }

  /** The documents as they are now; the rules run only when the hash over them moved. */
  @Override
  public FetchedSource fetch(SourceDefinition definition) throws SourceReadException {
    ServerDocuments read = source.read(definition);
    // The source lists in no particular order, yet every replica must hash the same data alike.
    List<Document> documents = read.documents().stream().sorted(ORDER).toList();
    List<Refused> refused =
        read.refused().stream()
            .sorted(Comparator.comparing(Refused::origin).thenComparing(Refused::field))
            .toList();
    String hash = hash(documents, refused);
    return new FetchedSource(hash, () -> checked(documents, refused, hash));
  }

  private static String hash(List<Document> documents, List<Refused> refused) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    for (Document document : documents) {
      update(digest, document.origin());
      update(digest, document.json());
      update(digest, new TreeMap<>(document.claims().values()).toString());
    }
    for (Refused r : refused) {
      update(
          digest, String.join("\0", r.origin(), r.field(), String.valueOf(r.value()), r.reason()));
    }
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }

  private static void update(MessageDigest digest, String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }

  /**
   * The documents through the rules, each entry's own claims on its manifest, and every object left
   * out named with its origin: by the rules, as a second object of one name, or as refused by the
   * source. A rejection's index is the object's position in the sorted documents, then the refused.
   */
  private SourceSnapshot checked(List<Document> documents, List<Refused> refused, String hash) {
    List<EntryRejection> rejections = new ArrayList<>();
    List<Document> unique = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    Map<String, Document> firstByName = new HashMap<>();
    for (int i = 0; i < documents.size(); i++) {
      Document document = documents.get(i);
      Document first = firstByName.putIfAbsent(document.name(), document);
      if (first != null) {
        rejections.add(
            new EntryRejection(
                i,
                document.name(),
                "name",
                document.origin(),
                "the same name as " + first.origin() + ", which is kept"));
        continue;
      }
      unique.add(document);
      positions.add(i);
    }
    SourceSnapshot snapshot = rules.check(unique.stream().map(Document::json).toList(), hash);
    for (EntryRejection r : snapshot.rejections()) {
      Document document = unique.get(r.index());
      rejections.add(
          new EntryRejection(
              positions.get(r.index()),
              r.entryName() == null ? document.name() : r.entryName(),
              r.field(),
              r.value(),
              r.reason() + " (" + document.origin() + ")"));
    }
    for (int i = 0; i < refused.size(); i++) {
      Refused r = refused.get(i);
      rejections.add(
          new EntryRejection(
              documents.size() + i,
              r.name(),
              r.field(),
              r.value(),
              r.reason() + " (" + r.origin() + ")"));
    }
    Map<String, Claims> claims = new HashMap<>();
    unique.forEach(document -> claims.put(document.name(), document.claims()));
    List<ServerManifest> servers =
        snapshot.servers().stream()
            .map(
                m -> {
                  Claims own = claims.getOrDefault(m.name().value(), Claims.NONE);
                  return own.isEmpty() ? m : m.withClaims(own);
                })
            .toList();
    rejections.sort(Comparator.comparingInt(EntryRejection::index));
    return new SourceSnapshot(servers, rejections, hash);
  }
}
