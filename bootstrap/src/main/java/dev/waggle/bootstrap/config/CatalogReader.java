package dev.waggle.bootstrap.config;

import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.registry.RegistryDefinition;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.EntryFilter;
import dev.waggle.domain.source.GlobPattern;
import dev.waggle.domain.source.SourceDefinition;
import dev.waggle.domain.source.SourceKind;
import dev.waggle.domain.source.SourceName;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Configuration: reads {@code sources}, {@code registries} and {@code defaultRegistry} into domain
 * definitions, with ToolHive's rules and messages located by key path.
 */
final class CatalogReader {
  private static final List<String> KINDS = List.of("git", "api", "file", "managed", "kubernetes");

  /** Source kinds this version can sync or serve; the others are refused at start. */
  private static final Set<String> SUPPORTED_KINDS = Set.of("git", "api", "file", "kubernetes");

  /** The safety-net check of a watched file, in case a change event is ever missed. */
  static final Duration WATCHED_FILE_CHECK = Duration.ofMinutes(1);

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern SCP_LIKE_GIT = Pattern.compile("([\\w.-]+)@([\\w.-]+):(.+)");

  private final ConfigReport report;
  private final Path workingDirectory;
  private final Map<String, String> sourceNamesSeen = new LinkedHashMap<>();
  private final Set<SourceName> watchedFiles = new LinkedHashSet<>();
  private final Set<Path> missingFilesReported = new HashSet<>();

  CatalogReader(ConfigReport report, Path workingDirectory) {
    this.report = report;
    this.workingDirectory = workingDirectory;
  }

  /** File sources without {@code syncPolicy}: synced when their file changes. */
  Set<SourceName> watchedFiles() {
    return Set.copyOf(watchedFiles);
  }

  List<SourceDefinition> sources(ConfigNode root) {
    if (root.size("sources") == 0 && !report.hasErrorAt("sources")) {
      report.error("sources", "at least one source is required");
    }
    List<SourceDefinition> sources = new ArrayList<>();
    for (ConfigNode node : root.sections("sources")) {
      source(node).ifPresent(sources::add);
    }
    return sources;
  }

  private Optional<SourceDefinition> source(ConfigNode node) {
    int errorsBefore = report.errorCount();
    String at = node.path();
    Optional<String> nameText = node.requiredText("name");
    Optional<SourceName> name = Optional.empty();
    if (nameText.isPresent()) {
      name = domain(at, () -> SourceName.of(nameText.get()));
      String earlier = sourceNamesSeen.putIfAbsent(nameText.get(), at);
      if (earlier != null) {
        report.error(node.pathOf("name"), "duplicate source name (also used by " + earlier + ")");
      }
    }
    String label = at + nameText.map(n -> " (" + n + ")").orElse("");

    List<String> blocks = KINDS.stream().filter(node::has).toList();
    if (blocks.isEmpty()) {
      report.error(at, "one of git, api, file, managed or kubernetes must be specified");
    } else if (blocks.size() > 1) {
      report.error(
          at,
          "only one of git, api, file, managed or kubernetes may be specified (found "
              + String.join(" and ", blocks)
              + ")");
    }
    Optional<SourceKind> kind = Optional.empty();
    for (String block : blocks) {
      Optional<SourceKind> read = kind(node, block);
      if (kind.isEmpty()) {
        kind = read;
      }
    }

    Optional<Duration> interval = syncInterval(node, blocks, name);
    EntryFilter filter = filter(node, blocks);
    Claims claims = claims(node, "claims");
    boolean strict = node.flag("strict");

    if (blocks.size() == 1 && !SUPPORTED_KINDS.contains(blocks.get(0))) {
      report.unsupported(
          label, blocks.get(0) + " sources are not supported yet by this version of Waggle");
    }
    if (report.errorCount() > errorsBefore
        || name.isEmpty()
        || kind.isEmpty()
        || (kind.get().synced() && interval.isEmpty())) {
      // Its problems are reported; the domain would only repeat one of them.
      return Optional.empty();
    }
    SourceName sourceName = name.get();
    SourceKind sourceKind = kind.get();
    return domain(
        at, () -> new SourceDefinition(sourceName, sourceKind, interval, filter, claims, strict));
  }

  private Optional<Duration> syncInterval(
      ConfigNode node, List<String> blocks, Optional<SourceName> name) {
    ConfigNode policy = node.sectionOrEmpty("syncPolicy");
    Optional<Duration> interval = policy.duration("interval");
    String path = policy.pathOf("interval");
    if (blocks.size() != 1) {
      return interval;
    }
    String kind = blocks.get(0);
    boolean synced = !kind.equals("managed") && !kind.equals("kubernetes");
    if (!synced) {
      if (node.isSet("syncPolicy")) {
        report.warning(policy.path(), "ignored: " + kind + " sources are not synced on a schedule");
      }
      return Optional.empty();
    }
    if (interval.isEmpty()) {
      if (report.hasErrorAt(path)) {
        return interval;
      }
      if (kind.equals("file") && node.sectionOrEmpty("file").isSet("path")) {
        // ToolHive refuses this, yet its own operator examples ship it: a mounted ConfigMap file
        // changes under the pod, so watching it serves the change without a schedule.
        report.warning(
            path,
            "not set; ToolHive refuses this, Waggle syncs the file when it changes (and checks it"
                + " every "
                + GoDuration.format(WATCHED_FILE_CHECK)
                + ")");
        name.ifPresent(watchedFiles::add);
        return Optional.of(WATCHED_FILE_CHECK);
      }
      report.error(
          path,
          "is required for "
              + kind
              + " sources (a duration such as 30m or 1h)"
              + (kind.equals("file") ? "; only a local file.path can go without it" : ""));
    } else if (interval.get().isNegative() || interval.get().isZero()) {
      report.error(path, "must be greater than zero");
      return Optional.empty();
    }
    return interval;
  }

  private EntryFilter filter(ConfigNode node, List<String> blocks) {
    Optional<ConfigNode> filterNode = node.section("filter");
    if (filterNode.isEmpty()) {
      return EntryFilter.NONE;
    }
    if (blocks.size() == 1 && (blocks.contains("managed") || blocks.contains("kubernetes"))) {
      report.warning(
          filterNode.get().path(),
          "ignored: filters apply to synced sources (git, api, file) only");
    }
    ConfigNode names = filterNode.get().sectionOrEmpty("names");
    ConfigNode tags = filterNode.get().sectionOrEmpty("tags");
    return new EntryFilter(
        globs(names, "include"),
        globs(names, "exclude"),
        tags(tags, "include"),
        tags(tags, "exclude"));
  }

  private List<GlobPattern> globs(ConfigNode names, String key) {
    List<GlobPattern> patterns = new ArrayList<>();
    List<String> texts = names.strings(key);
    for (int i = 0; i < texts.size(); i++) {
      String field = names.pathOf(key) + "[" + i + "]";
      String glob = texts.get(i);
      domain("", () -> GlobPattern.compile(field, glob)).ifPresent(patterns::add);
    }
    return patterns;
  }

  private Set<String> tags(ConfigNode tags, String key) {
    Set<String> result = new LinkedHashSet<>();
    List<String> texts = tags.strings(key);
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i).isBlank()) {
        report.error(tags.pathOf(key) + "[" + i + "]", "a tag must not be empty");
      } else {
        result.add(texts.get(i));
      }
    }
    return result;
  }

  /** Each claim is checked on its own so that every bad one is reported, not just the first. */
  Claims claims(ConfigNode node, String key) {
    Optional<Map<String, Object>> raw = node.untypedMap(key);
    if (raw.isEmpty()) {
      return Claims.NONE;
    }
    String path = node.pathOf(key);
    Map<String, Object> valid = new LinkedHashMap<>();
    raw.get()
        .forEach(
            (claim, value) -> {
              Map<String, Object> one = new HashMap<>();
              one.put(claim, value);
              if (domain("", () -> Claims.fromUntyped(path, one)).isPresent()) {
                valid.put(claim, value);
              }
            });
    return domain("", () -> Claims.fromUntyped(path, valid)).orElse(Claims.NONE);
  }

  private Optional<SourceKind> kind(ConfigNode source, String block) {
    ConfigNode node = source.sectionOrEmpty(block);
    return switch (block) {
      case "file" -> file(node);
      case "git" -> git(node);
      case "api" -> api(node);
      case "managed" -> Optional.of(new SourceKind.Managed());
      default -> kubernetes(node);
    };
  }

  private Optional<SourceKind> file(ConfigNode node) {
    Optional<String> path = node.text("path");
    Optional<String> url = node.text("url");
    if (node.has("data")) {
      report.error(
          node.pathOf("data"),
          "inline data is accepted only through the admin API, not in the config file;"
              + " use file.path or file.url");
    }
    if (path.isPresent() && url.isPresent()) {
      report.error(node.path(), "file.path and file.url are mutually exclusive");
      return Optional.empty();
    }
    if (path.isEmpty() && url.isEmpty()) {
      if (!node.has("data")) {
        report.error(node.path(), "file.path or file.url is required");
      }
      return Optional.empty();
    }
    Optional<Duration> timeout = node.duration("timeout");
    if (timeout.isPresent() && (timeout.get().isNegative() || timeout.get().isZero())) {
      report.error(node.pathOf("timeout"), "must be greater than zero");
      return Optional.empty();
    }
    if (path.isPresent()) {
      if (timeout.isPresent()) {
        report.warning(node.pathOf("timeout"), "ignored: it applies to file.url only");
      }
      Path resolved = workingDirectory.resolve(path.get()).normalize();
      // Once per file: several sources often read one file with different filters.
      if (!Files.exists(resolved) && missingFilesReported.add(resolved)) {
        report.warning(
            node.pathOf("path"),
            "there is no file at "
                + resolved
                + (Path.of(path.get()).isAbsolute()
                    ? ""
                    : " (relative paths start from the working directory)")
                + "; the source will fail to sync until there is one");
      }
      return domain(node.path(), () -> SourceKind.File.atPath(resolved));
    }
    return node.httpUrl("url")
        .flatMap(
            u ->
                domain(
                    node.path(),
                    () ->
                        SourceKind.File.atUrl(u, timeout.orElse(SourceKind.File.DEFAULT_TIMEOUT))));
  }

  private Optional<SourceKind> git(ConfigNode node) {
    Optional<URI> repository =
        node.requiredText("repository").flatMap(text -> gitRepository(node, text));
    Optional<String> branch = node.text("branch");
    Optional<String> tag = node.text("tag");
    Optional<String> commit = node.text("commit");
    List<String> pins = new ArrayList<>();
    branch.ifPresent(b -> pins.add("branch"));
    tag.ifPresent(t -> pins.add("tag"));
    commit.ifPresent(c -> pins.add("commit"));
    if (pins.size() > 1) {
      report.error(
          node.path(),
          "at most one of git.branch, git.tag and git.commit may be set (found "
              + String.join(" and ", pins)
              + ")");
    }
    String path = node.text("path").orElse("registry.json");
    Optional<String> username = Optional.empty();
    Optional<Path> passwordFile = Optional.empty();
    Optional<ConfigNode> auth = node.section("auth");
    if (auth.isPresent()) {
      username = auth.get().text("username");
      Optional<String> passwordFileText = auth.get().text("passwordFile");
      if (username.isPresent() != passwordFileText.isPresent()) {
        report.error(
            auth.get().path(),
            "git.auth.username and git.auth.passwordFile must both be specified");
      }
      passwordFile = auth.get().absoluteFile("passwordFile");
    }
    if (repository.isEmpty()
        || pins.size() > 1
        || username.isPresent() != passwordFile.isPresent()) {
      return Optional.empty();
    }
    URI repo = repository.get();
    Optional<String> user = username;
    Optional<Path> secret = passwordFile;
    return domain(
        node.path(), () -> new SourceKind.Git(repo, branch, tag, commit, path, user, secret));
  }

  private Optional<URI> gitRepository(ConfigNode node, String text) {
    var scp = SCP_LIKE_GIT.matcher(text);
    if (!text.contains("://") && scp.matches()) {
      // user@host:org/repo.git is SSH shorthand, not a URI; store its URI spelling.
      text = "ssh://" + scp.group(1) + "@" + scp.group(2) + "/" + scp.group(3);
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!Set.of("https", "http", "ssh", "git", "file").contains(scheme)) {
        report.error(
            node.pathOf("repository"),
            "must be an https, http, ssh or file URL (got \"" + text + "\")");
        return Optional.empty();
      }
      if (scheme.equals("ssh")) {
        report.unsupported(
            node.pathOf("repository"),
            "ssh repositories are not supported yet by this version of Waggle; use the https URL"
                + " with git.auth.username and git.auth.passwordFile");
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      report.error(node.pathOf("repository"), "is not a valid URL: " + e.getReason());
      return Optional.empty();
    }
  }

  private Optional<SourceKind> api(ConfigNode node) {
    Optional<URI> endpoint =
        node.requiredText("endpoint").flatMap(text -> node.httpUrl("endpoint"));
    Optional<Duration> timeout = node.duration("timeout");
    if (timeout.isPresent()) {
      if (timeout.get().isNegative() || timeout.get().isZero()) {
        report.error(node.pathOf("timeout"), "must be greater than zero");
        return Optional.empty();
      }
      if (timeout.get().compareTo(SourceKind.Api.MAX_TIMEOUT) > 0) {
        report.error(node.pathOf("timeout"), "must not exceed 5m0s");
        return Optional.empty();
      }
    }
    return endpoint.flatMap(
        e ->
            domain(
                node.path(),
                () -> new SourceKind.Api(e, timeout.orElse(SourceKind.Api.DEFAULT_TIMEOUT))));
  }

  private Optional<SourceKind> kubernetes(ConfigNode node) {
    List<String> namespaces = node.strings("namespaces");
    Set<String> seen = new LinkedHashSet<>();
    boolean valid = true;
    for (int i = 0; i < namespaces.size(); i++) {
      String namespace = namespaces.get(i);
      String path = node.pathOf("namespaces") + "[" + i + "]";
      if (!DNS_LABEL.matcher(namespace).matches()) {
        report.error(
            path, "must be a valid namespace name, a DNS label (got \"" + namespace + "\")");
        valid = false;
      } else if (!seen.add(namespace)) {
        report.error(path, "namespace \"" + namespace + "\" is listed twice");
        valid = false;
      }
    }
    return valid ? Optional.of(new SourceKind.Kubernetes(namespaces)) : Optional.empty();
  }

  List<RegistryDefinition> registries(ConfigNode root) {
    if (root.size("registries") == 0 && !report.hasErrorAt("registries")) {
      report.error("registries", "at least one registry is required");
    }
    List<RegistryDefinition> registries = new ArrayList<>();
    Map<String, String> namesSeen = new HashMap<>();
    for (ConfigNode node : root.sections("registries")) {
      String at = node.path();
      Optional<String> nameText = node.requiredText("name");
      Optional<RegistryName> name = Optional.empty();
      if (nameText.isPresent()) {
        try {
          name = Optional.of(RegistryName.of(nameText.get()));
        } catch (ValidationException e) {
          report.error(node.pathOf("name"), e.reason() + " (got \"" + nameText.get() + "\")");
        }
        String earlier = namesSeen.putIfAbsent(nameText.get(), at);
        if (earlier != null) {
          report.error(
              node.pathOf("name"), "duplicate registry name (also used by " + earlier + ")");
        }
      }
      List<SourceName> sources = registrySources(node);
      Claims claims = claims(node, "claims");
      if (name.isPresent() && !sources.isEmpty()) {
        RegistryName registryName = name.get();
        domain(at, () -> new RegistryDefinition(registryName, sources, claims))
            .ifPresent(registries::add);
      }
    }
    return registries;
  }

  private List<SourceName> registrySources(ConfigNode node) {
    String path = node.pathOf("sources");
    List<String> texts = node.strings("sources");
    if (texts.isEmpty() && !report.hasErrorAt(path)) {
      report.error(path, "at least one source is required");
    }
    List<SourceName> sources = new ArrayList<>();
    Set<String> listed = new LinkedHashSet<>();
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      String itemPath = path + "[" + i + "]";
      if (!listed.add(text)) {
        report.error(itemPath, "source \"" + text + "\" is listed twice");
      } else if (!sourceNamesSeen.containsKey(text)) {
        report.error(
            itemPath,
            "references unknown source \""
                + text
                + "\"; configured sources: "
                + (sourceNamesSeen.isEmpty()
                    ? "none"
                    : String.join(", ", sourceNamesSeen.keySet())));
      } else {
        try {
          sources.add(SourceName.of(text));
        } catch (ValidationException e) {
          // The source itself was already reported under sources[].name.
        }
      }
    }
    return sources;
  }

  Optional<RegistryName> defaultRegistry(ConfigNode root, List<RegistryDefinition> registries) {
    Optional<String> text = root.text("defaultRegistry");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Set<String> names =
        registries.stream()
            .map(r -> r.name().value())
            .collect(Collectors.toCollection(LinkedHashSet::new));
    if (!names.contains(text.get())) {
      report.error(
          "defaultRegistry",
          "names no configured registry (got \""
              + text.get()
              + "\"; configured registries: "
              + (names.isEmpty() ? "none" : String.join(", ", names))
              + ")");
      return Optional.empty();
    }
    return Optional.of(RegistryName.of(text.get()));
  }

  /**
   * Runs a domain constructor and reports its {@link ValidationException} under {@code prefix}, so
   * the domain's own field name ({@code file.url}) lands at its key path ({@code
   * sources[2].file.url}).
   */
  private <T> Optional<T> domain(String prefix, Supplier<T> build) {
    try {
      return Optional.of(build.get());
    } catch (ValidationException e) {
      String field = e.field();
      String path;
      if (prefix.isEmpty()) {
        path = field;
      } else if (prefix.endsWith(field) || prefix.endsWith("." + field.split("\\.")[0])) {
        // The domain names the block we are in (file, git...); do not say it twice.
        path = prefix.substring(0, prefix.lastIndexOf('.') + 1) + field;
      } else {
        path = prefix + "." + field;
      }
      report.error(
          path,
          e.reason() + (e.rejectedValue() == null ? "" : " (got \"" + e.rejectedValue() + "\")"));
      return Optional.empty();
    }
  }
}
