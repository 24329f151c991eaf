import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Benchmark data: writes a ToolHive upstream registry file of N servers with several versions
 * each, in the shapes real {@code server.json} documents have (packages with environment
 * variables, remotes, publisher-provided metadata with tags and tools). The same seed always gives
 * the same catalog, so runs compare.
 *
 * <p>Usage: {@code java bench/GenerateCatalog.java SERVERS base|changed OUT.json [COPY.tsv]}.
 * {@code changed} is the base catalog with every tenth server removed and every other remaining
 * version edited; COPY.tsv gets the written documents as {@code name, version, document} rows in
 * PostgreSQL's COPY text format.
 */
public final class GenerateCatalog {
  private static final String[] ORGS = {
    "acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "tyrell", "cyberdyne",
    "soylent", "wonka", "gringotts", "aperture", "blackmesa", "monarch", "vandelay", "oceanic",
    "dunder", "pied-piper", "massive"
  };
  private static final String[] WORDS = {
    "weather", "github", "postgres", "mysql", "slack", "jira", "notion", "browser", "search",
    "files", "calendar", "mail", "maps", "docker", "kubernetes", "terraform", "aws", "gcp",
    "azure", "redis", "kafka", "stripe", "figma", "linear", "sentry", "grafana", "vault", "s3",
    "sqlite", "mongo", "elastic", "pdf", "excel", "youtube", "spotify", "translate", "finance",
    "news", "crm", "ticket", "wiki", "code", "lint", "test", "deploy", "log", "metrics", "trace"
  };
  private static final String[] TOOLS = {
    "list_items", "get_item", "create_item", "update_item", "delete_item", "search",
    "run_query", "describe", "export", "import", "summarize", "fetch"
  };

  public static void main(String[] args) throws IOException {
    if (args.length < 3 || !(args[1].equals("base") || args[1].equals("changed"))) {
      System.err.println("usage: GenerateCatalog SERVERS base|changed OUT.json [COPY.tsv]");
      System.exit(2);
    }
    int servers = Integer.parseInt(args[0]);
    boolean changed = args[1].equals("changed");
    Path out = Path.of(args[2]);
    Path copy = args.length > 3 ? Path.of(args[3]) : null;

    Random random = new Random(20261122L);
    List<String[]> rows = new ArrayList<>();
    StringBuilder json = new StringBuilder(servers * 2_000);
    json.append("{\"$schema\":\"https://raw.githubusercontent.com/stacklok/toolhive-core/main/")
        .append("registry/types/data/upstream-registry.schema.json\",")
        .append("\"version\":\"1.0.0\",\"meta\":{\"last_updated\":\"2026-11-22T10:00:00Z\"},")
        .append("\"data\":{\"servers\":[");
    int versionIndex = 0;
    boolean first = true;
    int written = 0;
    for (int i = 0; i < servers; i++) {
      // Draw everything for server i before deciding to drop it, so both variants agree on
      // every server they share.
      String org = ORGS[random.nextInt(ORGS.length)];
      String word = WORDS[random.nextInt(WORDS.length)];
      String other = WORDS[random.nextInt(WORDS.length)];
      String name =
          "io.github." + org + "/" + word + "-" + other + (i % 3 == 0 ? "-mcp" : "") + "-" + i;
      int roll = random.nextInt(100);
      int versions = roll < 50 ? 1 : roll < 80 ? 2 : roll < 95 ? 3 : 5;
      long seed = random.nextLong();
      boolean removed = changed && i % 10 == 9;
      for (int v = 0; v < versions; v++) {
        String version = "1." + v + "." + (v * 3 % 7);
        boolean edited = changed && versionIndex % 2 == 1;
        versionIndex++;
        if (removed) {
          continue;
        }
        String document = server(name, word, other, version, new Random(seed + v), edited);
        if (!first) {
          json.append(',');
        }
        first = false;
        json.append(document);
        written++;
        if (copy != null) {
          rows.add(new String[] {name, version, document});
        }
      }
    }
    json.append("]}}\n");

    // Written next to the target and moved over it, so a sync never reads half a file.
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    Files.writeString(tmp, json, StandardCharsets.UTF_8);
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    if (copy != null) {
      try (BufferedWriter w = Files.newBufferedWriter(copy, StandardCharsets.UTF_8)) {
        for (String[] row : rows) {
          w.write(copyText(row[0]) + '\t' + copyText(row[1]) + '\t' + copyText(row[2]) + '\n');
        }
      }
    }
    System.out.println(written);
  }

  private static String server(
      String name, String word, String other, String version, Random r, boolean edited) {
    StringBuilder s = new StringBuilder(2_000);
    String title = cap(word) + " " + cap(other);
    String description =
        "Lets assistants work with "
            + word
            + " and "
            + other
            + (r.nextBoolean() ? " through its public API" : " from chat assistants and agents")
            + (edited ? " (revised)" : "");
    s.append("{\"$schema\":\"https://static.modelcontextprotocol.io/schemas/2025-12-11/")
        .append("server.schema.json\",")
        .append("\"name\":\"")
        .append(name)
        .append("\",\"description\":\"")
        .append(description)
        .append("\",\"title\":\"")
        .append(title)
        .append("\",\"repository\":{\"url\":\"https://github.com/")
        .append(name.substring("io.github.".length()))
        .append("\",\"source\":\"github\"},\"version\":\"")
        .append(version)
        .append("\",");
    String identifier;
    if (r.nextInt(10) < 7) {
      int kind = r.nextInt(3);
      String registryType = kind == 0 ? "npm" : kind == 1 ? "pypi" : "oci";
      String shortName = name.substring(name.indexOf('/') + 1);
      identifier =
          kind == 0
              ? "@" + name.substring("io.github.".length())
              : kind == 1 ? shortName : "ghcr.io/" + name.substring(10) + ":" + version;
      s.append("\"packages\":[{\"registryType\":\"")
          .append(registryType)
          .append("\",\"identifier\":\"")
          .append(identifier)
          .append('"');
      if (kind != 2) {
        s.append(",\"version\":\"").append(version).append('"');
      }
      s.append(",\"transport\":{\"type\":\"stdio\"},\"environmentVariables\":[");
      int vars = 1 + r.nextInt(5);
      for (int e = 0; e < vars; e++) {
        if (e > 0) {
          s.append(',');
        }
        boolean secret = e == 0;
        s.append("{\"description\":\"")
            .append(secret ? "API token for " + word : cap(other) + " setting " + e)
            .append("\",\"isRequired\":")
            .append(e < 2)
            .append(secret ? ",\"isSecret\":true" : ",\"default\":\"" + e + "\"")
            .append(",\"name\":\"")
            .append(envName(word, secret ? "TOKEN" : "OPTION_" + e))
            .append("\"}");
      }
      s.append("]}],");
    } else {
      identifier = "https://mcp." + word + "-" + other + ".example.com/mcp";
      s.append("\"remotes\":[{\"type\":\"streamable-http\",\"url\":\"")
          .append(identifier)
          .append("\"}],");
    }
    String namespace = name.substring(0, name.indexOf('/'));
    s.append("\"_meta\":{\"io.modelcontextprotocol.registry/publisher-provided\":{\"")
        .append(namespace)
        .append("\":{\"")
        .append(identifier)
        .append("\":{\"metadata\":{\"last_updated\":\"2026-11-")
        .append(10 + r.nextInt(18))
        .append("T02:31:08Z\",\"pulls\":")
        .append(r.nextInt(100_000))
        .append(",\"stars\":")
        .append(r.nextInt(5_000))
        .append("},\"status\":\"Active\",\"tags\":[\"")
        .append(word)
        .append("\",\"")
        .append(other)
        .append(edited ? "\",\"revised" : "")
        .append("\"],\"tier\":\"")
        .append(r.nextInt(4) == 0 ? "Official" : "Community")
        .append("\",\"tools\":[");
    int tools = 1 + r.nextInt(6);
    for (int t = 0; t < tools; t++) {
      if (t > 0) {
        s.append(',');
      }
      s.append('"').append(TOOLS[(t * 5 + r.nextInt(3)) % TOOLS.length]).append('"');
    }
    s.append("]}}}}}");
    return s.toString();
  }

  private static String envName(String word, String suffix) {
    return (word + "_" + suffix).toUpperCase(java.util.Locale.ROOT).replace('-', '_');
  }

  private static String cap(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  /** PostgreSQL COPY text format: backslash, tab and line breaks are escaped. */
  private static String copyText(String value) {
    return value
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r");
  }
}
