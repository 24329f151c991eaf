package dev.waggle.bootstrap.config;

import dev.waggle.domain.GoDuration;
import dev.waggle.domain.ValidationException;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.registry.CatalogLayout;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Configuration: turns the bound {@code sources}, {@code registries} and {@code defaultRegistry}
 * into domain definitions. The rules are the domain's; this class reads spellings (relative paths,
 * {@code user@host:repo} Git URLs), asks the domain, and reports its refusals at their key paths.
 */
final class CatalogReader {
  /** Source kinds this version can sync or serve; the others are refused at start. */
  private static final Set<String> SUPPORTED_KINDS =
      Set.of("git", "api", "file", "managed", "kubernetes");

  /** The safety-net check of a watched file, in case a change event is ever missed. */
  static final Duration WATCHED_FILE_CHECK = Duration.ofMinutes(1);

  private final ConfigReport report;
  private final Path workingDirectory;
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

  /** The layout, or empty when something is wrong (and reported). */
  Optional<CatalogLayout> layout(ConfigFile.Root root) {
    List<ConfigFile.Source> sourceItems = orEmpty(root.sources());
    List<ConfigFile.Registry> registryItems = orEmpty(root.registries());
    required("sources", sourceItems, "at least one source is required");
    required("registries", registryItems, "at least one registry is required");
    List<SourceDefinition> sources = new ArrayList<>();
    for (int i = 0; i < sourceItems.size(); i++) {
      source("sources[" + i + "]", sourceItems.get(i)).ifPresent(sources::add);
    }
    List<RegistryDefinition> registries = new ArrayList<>();
    for (int i = 0; i < registryItems.size(); i++) {
      registry("registries[" + i + "]", registryItems.get(i)).ifPresent(registries::add);
    }
    List<String> sourceNames = new ArrayList<>();
    sourceItems.forEach(s -> sourceNames.add(s == null ? null : blankToNull(s.name())));
    List<String> registryNames = new ArrayList<>();
    List<List<String>> registrySources = new ArrayList<>();
    for (ConfigFile.Registry r : registryItems) {
      registryNames.add(r == null ? null : blankToNull(r.name()));
      registrySources.add(r == null ? List.of() : orEmpty(r.sources()));
    }
    Optional<String> defaultRegistry =
        Optional.ofNullable(root.defaultRegistry()).map(String::strip).filter(d -> !d.isEmpty());
    CatalogLayout.problems(
            sourceNames, registryNames, registrySources, defaultRegistry.orElse(null))
        .forEach(e -> report(e, ""));
    if (report.hasErrors()) {
      return Optional.empty();
    }
    return domain(
        "",
        () ->
            new CatalogLayout(
                sources, registries, defaultRegistry.map(RegistryName::of).orElse(null)));
  }

  private Optional<SourceDefinition> source(String at, ConfigFile.Source item) {
    if (item == null) {
      if (!report.hasErrorAt(at)) {
        report.error(at, "must be a mapping of keys");
      }
      return Optional.empty();
    }
    int errorsBefore = report.errorCount();
    Optional<String> nameText = Optional.ofNullable(blankToNull(item.name()));
    Optional<SourceName> name = nameText.flatMap(n -> domain(at, () -> SourceName.of(n)));
    Map<String, Object> blocks = new LinkedHashMap<>();
    blocks.put("git", item.git());
    blocks.put("api", item.api());
    blocks.put("file", item.file());
    blocks.put("managed", item.managed());
    blocks.put("kubernetes", item.kubernetes());
    blocks.values().removeIf(Objects::isNull);
    try {
      SourceKind.requireExactlyOne(blocks.keySet());
    } catch (ValidationException e) {
      report.error(at, e.reason());
    }
    List<SourceKind> kinds = new ArrayList<>();
    blocks.values().forEach(block -> kind(at, block).ifPresent(kinds::add));
    Optional<SourceKind> kind = kinds.size() == 1 ? Optional.of(kinds.get(0)) : Optional.empty();

    String kindName = blocks.size() == 1 ? blocks.keySet().iterator().next() : "";
    Optional<Duration> interval = interval(at, item, kindName, name);
    EntryFilter filter = filter(at, item.filter(), kindName);
    Claims claims = claims(at + ".claims", item.claims());
    if (!kindName.isEmpty() && !SUPPORTED_KINDS.contains(kindName)) {
      report.unsupported(
          at + nameText.map(n -> " (" + n + ")").orElse(""),
          kindName + " sources are not supported yet by this version of Waggle");
    }
    if (report.errorCount() > errorsBefore || name.isEmpty() || kind.isEmpty()) {
      return Optional.empty();
    }
    SourceName sourceName = name.get();
    boolean strict = Boolean.TRUE.equals(item.strict());
    return domain(
        at, () -> new SourceDefinition(sourceName, kind.get(), interval, filter, claims, strict));
  }

  private Optional<Duration> interval(
      String at, ConfigFile.Source item, String kind, Optional<SourceName> name) {
    String path = at + ".syncPolicy.interval";
    Optional<Duration> interval =
        Optional.ofNullable(item.syncPolicy()).map(ConfigFile.SyncPolicy::interval);
    if (kind.equals("managed")) {
      if (item.syncPolicy() != null) {
        report.warning(
            at + ".syncPolicy", "ignored: " + kind + " sources are not synced on a schedule");
      }
      return Optional.empty();
    }
    if (kind.equals("kubernetes")) {
      // Optional: the watcher asks for a sync on every change; the check only backs it up.
      interval.ifPresent(i -> check(at, () -> SourceDefinition.requirePositiveInterval(i)));
      return interval;
    }
    if (kind.isEmpty() || report.hasErrorAt(path)) {
      interval.ifPresent(i -> check(at, () -> SourceDefinition.requirePositiveInterval(i)));
      return interval;
    }
    if (interval.isEmpty() && kind.equals("file") && blankToNull(item.file().path()) != null) {
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
    // Checked on its own, so that it is reported even when the kind block has problems too.
    try {
      SourceDefinition.requireInterval(kind, interval);
    } catch (ValidationException e) {
      report.error(
          at + "." + e.field(),
          e.reason()
              + (interval.isEmpty() && kind.equals("file")
                  ? "; only a local file.path can go without it"
                  : ""));
    }
    return interval;
  }

  private EntryFilter filter(String at, ConfigFile.Filter filter, String kind) {
    if (filter == null) {
      return EntryFilter.NONE;
    }
    if (kind.equals("managed")) {
      report.warning(
          at + ".filter", "ignored: filters apply to synced sources (git, api, file, kubernetes)");
    }
    ConfigFile.Globs names =
        filter.names() == null ? new ConfigFile.Globs(null, null) : filter.names();
    ConfigFile.Tags tags = filter.tags() == null ? new ConfigFile.Tags(null, null) : filter.tags();
    return new EntryFilter(
        globs(at, "filter.names.include", names.include()),
        globs(at, "filter.names.exclude", names.exclude()),
        new LinkedHashSet<>(orEmpty(tags.include())),
        new LinkedHashSet<>(orEmpty(tags.exclude())));
  }

  private List<GlobPattern> globs(String at, String field, List<String> texts) {
    List<GlobPattern> patterns = new ArrayList<>();
    List<String> globs = orEmpty(texts);
    for (int i = 0; i < globs.size(); i++) {
      String glob = globs.get(i);
      String itemField = field + "[" + i + "]";
      domain(at, () -> GlobPattern.compile(itemField, glob)).ifPresent(patterns::add);
    }
    return patterns;
  }

  /** Each claim is checked on its own so that every bad one is reported, not just the first. */
  private Claims claims(String path, Map<String, Object> raw) {
    if (raw == null) {
      return Claims.NONE;
    }
    Map<String, Object> valid = new LinkedHashMap<>();
    raw.forEach(
        (claim, value) -> {
          Map<String, Object> one = new LinkedHashMap<>();
          one.put(claim, value);
          if (domain("", () -> Claims.fromUntyped(path, one)).isPresent()) {
            valid.put(claim, value);
          }
        });
    return domain("", () -> Claims.fromUntyped(path, valid)).orElse(Claims.NONE);
  }

  private Optional<SourceKind> kind(String at, Object block) {
    if (block instanceof ConfigFile.FileBlock file) {
      return file(at, file);
    }
    if (block instanceof ConfigFile.Git git) {
      return git(at, git);
    }
    if (block instanceof ConfigFile.Api api) {
      return Optional.ofNullable(blankToNull(api.endpoint()))
          .flatMap(text -> uri(at + ".api.endpoint", text.strip()))
          .flatMap(endpoint -> domain(at, () -> new SourceKind.Api(endpoint, api.timeout())));
    }
    if (block instanceof ConfigFile.Kubernetes k8s) {
      return domain(at, () -> new SourceKind.Kubernetes(orEmpty(k8s.namespaces())));
    }
    return Optional.of(new SourceKind.Managed());
  }

  private Optional<SourceKind> file(String at, ConfigFile.FileBlock file) {
    String path = blankToNull(file.path());
    String url = blankToNull(file.url());
    if (file.data() != null) {
      report.error(
          at + ".file.data",
          "inline data is accepted only through the admin API, not in the config file;"
              + " use file.path or file.url");
    }
    boolean reported =
        file.data() != null
            || report.hasErrorAt(at + ".file.path")
            || report.hasErrorAt(at + ".file.url");
    if (path == null && url == null && reported) {
      // Already reported as inline data or as a misspelt key; "is required" would repeat it.
      return Optional.empty();
    }
    if (path != null && url == null) {
      if (file.timeout() != null) {
        report.warning(at + ".file.timeout", "ignored: it applies to file.url only");
      }
      Path resolved = workingDirectory.resolve(path).normalize();
      // Once per file: several sources often read one file with different filters.
      if (!Files.exists(resolved) && missingFilesReported.add(resolved)) {
        report.warning(
            at + ".file.path",
            "there is no file at "
                + resolved
                + (Path.of(path).isAbsolute()
                    ? ""
                    : " (relative paths start from the working directory)")
                + "; the source will fail to sync until there is one");
      }
      return domain(at, () -> SourceKind.File.atPath(resolved));
    }
    Optional<URI> fileUrl = url == null ? Optional.empty() : uri(at + ".file.url", url.strip());
    if (url != null && fileUrl.isEmpty()) {
      return Optional.empty();
    }
    return domain(
        at,
        () ->
            new SourceKind.File(Optional.ofNullable(path).map(Path::of), fileUrl, file.timeout()));
  }

  private Optional<SourceKind> git(String at, ConfigFile.Git git) {
    if (git.repository() == null) {
      return Optional.empty();
    }
    Optional<URI> repository =
        uri(at + ".git.repository", SourceKind.Git.uriSpelling(git.repository()));
    ConfigFile.GitAuth auth = git.auth() == null ? new ConfigFile.GitAuth(null, null) : git.auth();
    Optional<Path> passwordFile = Optional.empty();
    if (auth.passwordFile() != null) {
      passwordFile = secretFile(at + ".git.auth.passwordFile", auth.passwordFile());
      if (passwordFile.isEmpty()) {
        return Optional.empty();
      }
    }
    Optional<Path> secret = passwordFile;
    return repository.flatMap(
        repo ->
            domain(
                at,
                () ->
                    new SourceKind.Git(
                        repo,
                        Optional.ofNullable(blankToNull(git.branch())),
                        Optional.ofNullable(blankToNull(git.tag())),
                        Optional.ofNullable(blankToNull(git.commit())),
                        git.path(),
                        Optional.ofNullable(blankToNull(auth.username())),
                        secret)));
  }

  /** A secret file: an absolute path (as ToolHive demands) to a file present now. */
  private Optional<Path> secretFile(String path, String text) {
    Path file = Path.of(text);
    if (!file.isAbsolute()) {
      report.error(path, "must be an absolute path (got \"" + text + "\")");
      return Optional.empty();
    }
    if (!Files.isRegularFile(file)) {
      report.error(path, "there is no file at " + text);
      return Optional.empty();
    }
    return Optional.of(file);
  }

  private Optional<RegistryDefinition> registry(String at, ConfigFile.Registry item) {
    if (item == null) {
      if (!report.hasErrorAt(at)) {
        report.error(at, "must be a mapping of keys");
      }
      return Optional.empty();
    }
    Optional<RegistryName> name =
        Optional.ofNullable(blankToNull(item.name()))
            .flatMap(n -> domain(at, () -> RegistryName.of(n)));
    List<SourceName> sources = new ArrayList<>();
    for (String text : orEmpty(item.sources())) {
      try {
        sources.add(SourceName.of(text));
      } catch (ValidationException e) {
        // The source itself is reported under sources[].name, or as unknown.
      }
    }
    Claims claims = claims(at + ".claims", item.claims());
    if (sources.size() == orEmpty(item.sources()).size()) {
      check(at, () -> RegistryDefinition.checkSources(sources));
    }
    if (name.isEmpty() || report.hasErrorAt(at + ".sources") || sources.isEmpty()) {
      return Optional.empty();
    }
    RegistryName registryName = name.get();
    return domain(at, () -> new RegistryDefinition(registryName, sources, claims));
  }

  private void required(String path, List<?> items, String message) {
    if (items.isEmpty() && !report.hasErrorAt(path)) {
      report.error(path, message);
    }
  }

  private Optional<URI> uri(String path, String text) {
    try {
      return Optional.of(new URI(text));
    } catch (URISyntaxException e) {
      report.error(path, "is not a valid URL: " + e.getReason() + " (got \"" + text + "\")");
      return Optional.empty();
    }
  }

  /**
   * Runs a domain constructor and reports its {@link ValidationException} under {@code prefix}, so
   * the domain's own field name ({@code file.url}) lands at its key path ({@code
   * sources[2].file.url}).
   */
  private <T> Optional<T> domain(String prefix, Supplier<T> build) {
    try {
      return Optional.ofNullable(build.get());
    } catch (ValidationException e) {
      report(e, prefix);
      return Optional.empty();
    }
  }

  private void check(String prefix, Runnable check) {
    domain(
        prefix,
        () -> {
          check.run();
          return Boolean.TRUE;
        });
  }

  private void report(ValidationException e, String prefix) {
    String path = prefix.isEmpty() ? e.field() : prefix + "." + e.field();
    if (!report.hasErrorAt(path) || e.rejectedValue() != null) {
      report.error(
          path,
          e.reason() + (e.rejectedValue() == null ? "" : " (got \"" + e.rejectedValue() + "\")"));
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
