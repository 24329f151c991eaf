package dev.waggle.domain.source;

import dev.waggle.domain.ValidationException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Where a source's entries come from: one of the five kinds ToolHive knows. */
public sealed interface SourceKind {

  /** The kind's name as the config file spells its block ({@code file}, {@code git}, ...). */
  String typeName();

  /**
   * Whether the sync engine brings the source's entries in (git, api, file, kubernetes) rather than
   * the publish API writing them (managed).
   */
  default boolean synced() {
    return true;
  }

  /** The check interval a synced source of this kind has when its definition gives none. */
  default Optional<Duration> defaultInterval() {
    return Optional.empty();
  }

  /** The kinds' names, in the order messages list them. */
  List<String> TYPE_NAMES = List.of("git", "api", "file", "managed", "kubernetes");

  /**
   * The rule that a source names exactly one kind, over the kind blocks it was given (by their
   * {@link #typeName()}), for the config file and the admin API alike.
   */
  static void requireExactlyOne(Collection<String> given) {
    if (given.isEmpty()) {
      throw new ValidationException(
          "type", null, "one of git, api, file, managed or kubernetes must be specified");
    }
    if (given.size() > 1) {
      throw new ValidationException(
          "type",
          null,
          "only one of git, api, file, managed or kubernetes may be specified (found "
              + String.join(" and ", given)
              + ")");
    }
  }

  /**
   * A registry file on local disk, behind an http(s) URL, or given inline ({@code data}, which only
   * the admin API sets; a config file cannot).
   */
  record File(Optional<Path> path, Optional<URI> url, Optional<String> data, Duration timeout)
      implements SourceKind {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * How often inline data is checked when no interval is given: it changes only through the admin
     * API, which asks for a sync itself, so the check is only a safety net.
     */
    public static final Duration INLINE_CHECK = Duration.ofHours(24);

    public File {
      Objects.requireNonNull(path, "'path' must not be null");
      Objects.requireNonNull(url, "'url' must not be null");
      Objects.requireNonNull(data, "'data' must not be null");
      timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
      int set = (path.isPresent() ? 1 : 0) + (url.isPresent() ? 1 : 0) + (data.isPresent() ? 1 : 0);
      if (set > 1) {
        throw new ValidationException(
            "file",
            null,
            data.isPresent()
                ? "exactly one of file.path, file.url and file.data must be set"
                : "file.path and file.url are mutually exclusive");
      }
      if (data.isPresent() && data.get().isBlank()) {
        throw new ValidationException("file.data", "", "must not be empty");
      }
      if (set == 0) {
        throw new ValidationException("file", null, "file.path or file.url is required");
      }
      url.ifPresent(u -> requireHttpUrl("file.url", u));
      requirePositive("file.timeout", timeout);
    }

    /** A file at a path or URL, the two kinds a config file can declare. */
    public File(Optional<Path> path, Optional<URI> url, Duration timeout) {
      this(path, url, Optional.empty(), timeout);
    }

    /** A registry file given inline, as the admin API creates one. */
    public static File inline(String data) {
      return new File(
          Optional.empty(), Optional.empty(), Optional.of(data == null ? "" : data), null);
    }

    /**
     * Inline data appears as its hash: it may be megabytes, and the text still changes whenever the
     * data does, which the sync fingerprint relies on. Without data the text is what it was before
     * inline data existed, so stored fingerprints stay valid.
     */
    @Override
    public String toString() {
      return "File[path="
          + path
          + ", url="
          + url
          + data.map(d -> ", data=sha256:" + sha256(d)).orElse("")
          + ", timeout="
          + timeout
          + "]";
    }

    private static String sha256(String text) {
      try {
        return java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      } catch (java.security.NoSuchAlgorithmException e) {
        // Every Java platform must provide SHA-256.
        throw new IllegalStateException("SHA-256 is not available", e);
      }
    }

    public static File atPath(Path path) {
      return new File(Optional.of(path), Optional.empty(), DEFAULT_TIMEOUT);
    }

    public static File atUrl(URI url, Duration timeout) {
      return new File(Optional.empty(), Optional.of(url), timeout);
    }

    @Override
    public String typeName() {
      return "file";
    }

    /** Inline data needs no interval: nothing but the admin API changes it. */
    @Override
    public Optional<Duration> defaultInterval() {
      return data.isPresent() ? Optional.of(INLINE_CHECK) : Optional.empty();
    }

    /** Which of {@code path}, {@code url} and {@code data} the file is read from. */
    public String readFrom() {
      return path.isPresent() ? "path" : url.isPresent() ? "url" : "data";
    }
  }

  /** A registry file inside a Git repository, at a branch, tag or commit. */
  record Git(
      URI repository,
      Optional<String> branch,
      Optional<String> tag,
      Optional<String> commit,
      String path,
      Optional<String> username,
      Optional<Path> passwordFile)
      implements SourceKind {
    public Git {
      Objects.requireNonNull(repository, "'repository' must not be null");
      String scheme =
          repository.getScheme() == null ? "" : repository.getScheme().toLowerCase(Locale.ROOT);
      if (!Set.of("https", "http", "ssh", "git", "file").contains(scheme)) {
        throw new ValidationException(
            "git.repository", repository, "must be an https, http, ssh or file URL");
      }
      List<String> pins = new ArrayList<>();
      branch.ifPresent(b -> pins.add("branch"));
      tag.ifPresent(t -> pins.add("tag"));
      commit.ifPresent(c -> pins.add("commit"));
      if (pins.size() > 1) {
        throw new ValidationException(
            "git",
            null,
            "at most one of git.branch, git.tag and git.commit may be set (found "
                + String.join(" and ", pins)
                + ")");
      }
      path = path == null || path.isBlank() ? "registry.json" : path;
      if (username.isPresent() != passwordFile.isPresent()) {
        throw new ValidationException(
            "git.auth", null, "git.auth.username and git.auth.passwordFile must both be specified");
      }
    }

    /** Git's scp-like SSH spelling: {@code user@host:path}, with no scheme. */
    private static final Pattern SCP_LIKE = Pattern.compile("([\\w.-]+)@([\\w.-]+):(.+)");

    /**
     * A repository as a user writes it, in URI spelling: Git's scp-like SSH shorthand {@code
     * git@github.com:org/repo.git} is not a URI, so it becomes {@code
     * ssh://git@github.com/org/repo.git}; anything else is returned stripped. One rule for the
     * config file and the admin API alike.
     */
    public static String uriSpelling(String repository) {
      String text = Objects.requireNonNull(repository, "'repository' must not be null").strip();
      var scp = SCP_LIKE.matcher(text);
      if (!text.contains("://") && scp.matches()) {
        return "ssh://" + scp.group(1) + "@" + scp.group(2) + "/" + scp.group(3);
      }
      return text;
    }

    @Override
    public String typeName() {
      return "git";
    }
  }

  /** An upstream MCP Registry API to federate from. */
  record Api(URI endpoint, Duration timeout) implements SourceKind {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    public Api {
      Objects.requireNonNull(endpoint, "'endpoint' must not be null");
      requireHttpUrl("api.endpoint", endpoint);
      timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
      requirePositive("api.timeout", timeout);
      if (timeout.compareTo(MAX_TIMEOUT) > 0) {
        throw new ValidationException("api.timeout", null, "must not exceed 5m0s");
      }
    }

    @Override
    public String typeName() {
      return "api";
    }
  }

  /** The one source the publish API writes into. */
  record Managed() implements SourceKind {
    @Override
    public String typeName() {
      return "managed";
    }

    @Override
    public boolean synced() {
      return false;
    }
  }

  /**
   * MCP servers discovered in a Kubernetes cluster; no namespaces means the whole cluster. Its
   * watcher asks for a sync as soon as an object changes, so the regular check is only a safety
   * net.
   */
  record Kubernetes(List<String> namespaces) implements SourceKind {
    /** How often a kubernetes source is checked when no interval is configured. */
    public static final Duration DEFAULT_CHECK = Duration.ofMinutes(1);

    public Kubernetes {
      namespaces = List.copyOf(namespaces == null ? List.of() : namespaces);
      for (int i = 0; i < namespaces.size(); i++) {
        if (namespaces.indexOf(namespaces.get(i)) < i) {
          throw new ValidationException(
              "kubernetes.namespaces[" + i + "]",
              null,
              "namespace \"" + namespaces.get(i) + "\" is listed twice");
        }
      }
    }

    @Override
    public String typeName() {
      return "kubernetes";
    }

    @Override
    public Optional<Duration> defaultInterval() {
      return Optional.of(DEFAULT_CHECK);
    }
  }

  /** A URL a source fetches from: absolute http(s) with a host. */
  private static void requireHttpUrl(String field, URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ValidationException(field, url, "must use http or https");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new ValidationException(field, url, "must be an absolute URL with a host");
    }
  }

  private static void requirePositive(String field, Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new ValidationException(field, null, "must be greater than zero");
    }
  }
}
