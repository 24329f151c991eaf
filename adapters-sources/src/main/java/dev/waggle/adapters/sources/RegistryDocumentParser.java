package dev.waggle.adapters.sources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waggle.application.port.out.SourceReadException;
import dev.waggle.domain.extension.ExtensionKind;
import dev.waggle.domain.source.EntryRejection;
import dev.waggle.domain.source.SourceSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source adapter format entry point: turns the bytes of a registry file — the ToolHive upstream
 * envelope or, for import, the legacy ToolHive format — into a snapshot of valid server manifests,
 * skills and plugins, and rejected entries. Shared by every reader that fetches such a file (file,
 * git).
 */
public final class RegistryDocumentParser {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryDocumentParser.class);

  private final ServerJsonRules rules = new ServerJsonRules();
  private final ExtensionJsonRules extensionRules = new ExtensionJsonRules();
  private final LegacyRegistryConverter legacy = new LegacyRegistryConverter();

  /**
   * Parses a registry file whose change-detection hash is the sha256 of its raw bytes.
   *
   * @param origin where the bytes came from (a path or URL), used in every message
   * @throws SourceReadException when the bytes are not JSON or not a registry file
   */
  public SourceSnapshot parse(byte[] bytes, String origin) throws SourceReadException {
    return parse(bytes, origin, ContentHash.sha256Hex(bytes));
  }

  /** Parses a registry file, recording {@code contentHash} as the snapshot's hash. */
  public SourceSnapshot parse(byte[] bytes, String origin, String contentHash)
      throws SourceReadException {
    // The servers of an upstream file are checked as the parser meets them, each kept as its own
    // text cut from the bytes: a tree of the whole file would outlive many young collections.
    ServerSink streamed = new ServerSink(bytes);
    JsonDocuments.StreamedFile file = JsonDocuments.readFile(bytes, origin, streamed);
    JsonNode root = file.root();
    if (!root.isObject()) {
      throw new SourceReadException(
          origin
              + ": not a registry file: expected a JSON object, found "
              + root.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    ManifestCollector collector;
    ExtensionCollector extensions = new ExtensionCollector(extensionRules);
    if (UpstreamEnvelope.matches(root)) {
      UpstreamEnvelope envelope = UpstreamEnvelope.read(root, origin, file.servers());
      collector = streamed.collector;
      extensions.addAll(ExtensionKind.SKILL, envelope.skills());
      extensions.addAll(ExtensionKind.PLUGIN, envelope.plugins());
    } else if (LegacyRegistryConverter.matches(root)) {
      LegacyRegistryConverter.Converted converted = legacy.convert(root, origin);
      if (converted.droppedGroups() > 0) {
        LOG.info(
            "{}: dropped {} legacy groups; groups have no equivalent in the upstream format",
            origin,
            converted.droppedGroups());
      }
      if (converted.servers().isEmpty()) {
        throw new SourceReadException(
            origin + ": the legacy registry file holds no servers outside its groups");
      }
      collector = new ManifestCollector(rules);
      List<JsonNode> servers = converted.servers();
      for (int i = 0; i < servers.size(); i++) {
        collector.add(i, servers.get(i), PublisherExtensions.status(servers.get(i)));
      }
    } else {
      throw new SourceReadException(origin + ": " + unknownFormat(root));
    }
    SourceSnapshot found = collector.snapshot(contentHash);
    List<EntryRejection> rejections = new ArrayList<>(found.rejections());
    rejections.addAll(extensions.rejections());
    SourceSnapshot snapshot =
        new SourceSnapshot(found.servers(), rejections, contentHash, extensions.entries());
    LOG.debug(
        "{}: {} servers, {} skills and plugins, {} rejected",
        origin,
        snapshot.servers().size(),
        snapshot.extensions().size(),
        snapshot.rejections().size());
    return snapshot;
  }

  /**
   * Checks each server of {@code data.servers} as the parser meets it; what it collected counts
   * only once the file proves to be an upstream registry file.
   */
  private final class ServerSink implements JsonDocuments.ServerSink {
    private final byte[] bytes;
    private final JsonDocuments.Compactor compactor = new JsonDocuments.Compactor();
    private ManifestCollector collector = new ManifestCollector(rules);

    ServerSink(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public void server(int index, JsonNode server, int start, int end) {
      collector.add(
          index,
          server,
          PublisherExtensions.status(server),
          () -> compactor.text(bytes, start, end));
    }

    @Override
    public void restart() {
      collector = new ManifestCollector(rules);
    }
  }

  private static String unknownFormat(JsonNode root) {
    String expected =
        "not a registry file: expected the upstream format (a top-level \"data\" object with"
            + " \"servers\") or the legacy ToolHive format (non-empty \"servers\","
            + " \"remote_servers\" or \"groups\")";
    if (root.has("data")) {
      return expected + "; top-level \"data\" is not an object";
    }
    if (root.path("servers").isArray()) {
      return expected
          + "; a top-level \"servers\" array looks like an MCP Registry API response, which an"
          + " api source reads";
    }
    return expected;
  }
}
