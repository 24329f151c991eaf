package dev.waggle.adapters.sources;

import dev.waggle.application.port.out.FetchedSource;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.application.port.out.SourceReader;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceSnapshot;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Source adapter: reads a {@code file} source — a registry file on local disk ({@code path}),
 * behind an http(s) {@code url}, or given inline ({@code data}) — and parses it; the hash is the
 * sha256 of the raw bytes, known before the parse so that unchanged bytes are never parsed.
 */
final class FileSourceReader implements SourceReader {
  /** ToolHive's cap on a fetched registry file. */
  static final long MAX_BYTES = 100L * 1024 * 1024;

  private final RegistryDocumentParser parser;
  private final HttpDocumentFetcher http;
  private final long maxBytes;

  @Inject
  FileSourceReader(RegistryDocumentParser parser) {
    this(parser, MAX_BYTES);
  }

  FileSourceReader(RegistryDocumentParser parser, long maxBytes) {
    this.parser = parser;
    this.maxBytes = maxBytes;
    this.http = new HttpDocumentFetcher(maxBytes);
  }

  @Override
  public boolean supports(SourceKind kind) {
    return kind instanceof SourceKind.File;
  }

  @Override
  public SourceSnapshot read(SourceDefinition source) throws SourceReadException {
    return fetch(source).parse();
  }

  @Override
  public FetchedSource fetch(SourceDefinition source) throws SourceReadException {
    if (!(source.kind() instanceof SourceKind.File file)) {
      throw new IllegalArgumentException(
          "source " + source.name() + " is a " + source.kind().typeName() + " source, not a file");
    }
    byte[] bytes;
    String origin;
    if (file.path().isPresent()) {
      Path path = file.path().get();
      bytes = readPath(path);
      origin = path.toString();
    } else if (file.data().isPresent()) {
      bytes = file.data().get().getBytes(StandardCharsets.UTF_8);
      origin = "the inline data of source " + source.name().value();
      if (bytes.length > maxBytes) {
        throw new SourceReadException(origin + " is larger than " + maxBytes + " bytes");
      }
    } else {
      var url = file.url().orElseThrow();
      bytes = http.fetch(url, file.timeout());
      origin = HttpDocumentFetcher.display(url);
    }
    String hash = ContentHash.sha256Hex(bytes);
    return new FetchedSource(hash, () -> parser.parse(bytes, origin, hash));
  }

  private byte[] readPath(Path path) throws SourceReadException {
    try {
      if (Files.size(path) > maxBytes) {
        throw new SourceReadException(path + ": the file is larger than " + maxBytes + " bytes");
      }
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new SourceReadException("file not found: " + path, e);
    } catch (IOException e) {
      throw new SourceReadException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
