package dev.waggle.domain.source;

import dev.waggle.domain.ValidationException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Where a source's entries come from: one of the five kinds ToolHive knows. */
public sealed interface SourceKind {

  /** The kind's name as the config file spells its block ({@code file}, {@code git}, ...). */
  String typeName();

  /**
   * Whether entries are pulled on a schedule (git, api, file) rather than pushed (managed, k8s).
   */
  default boolean synced() {
    return true;
  }

  /**
   * A registry file on local disk, behind an http(s) URL, or given inline ({@code data}, which only
   * the admin API sets; a config file cannot).
   */
  record File(Optional<Path> path, Optional<URI> url, Optional<String> data, Duration timeout)
      implements SourceKind {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public File {
      Objects.requireNonNull(path, "'path' must not be null");
      Objects.requireNonNull(url, "'url' must not be null");
      Objects.requireNonNull(data, "'data' must not be null");
      timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
      int set = (path.isPresent() ? 1 : 0) + (url.isPresent() ? 1 : 0) + (data.isPresent() ? 1 : 0);
      if (set != 1) {
        throw new ValidationException(
            "file", null, "exactly one of file.path, file.url and file.data must be set");
      }
      if (data.isPresent() && data.get().isBlank()) {
        throw new ValidationException("file.data", "", "must not be empty");
      }
      url.ifPresent(
          u -> {
            if (u.getScheme() == null
                || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                || u.getHost() == null) {
              throw new ValidationException(
                  "file.url", u, "must be an absolute http or https URL with a host");
            }
          });
      if (timeout.isNegative() || timeout.isZero()) {
        throw new ValidationException("file.timeout", timeout, "must be greater than zero");
      }
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
      long pins =
          (branch.isPresent() ? 1 : 0) + (tag.isPresent() ? 1 : 0) + (commit.isPresent() ? 1 : 0);
      if (pins > 1) {
        throw new ValidationException(
            "git", null, "at most one of git.branch, git.tag and git.commit may be set");
      }
      path = path == null || path.isBlank() ? "registry.json" : path;
      if (username.isPresent() != passwordFile.isPresent()) {
        throw new ValidationException(
            "git.auth", null, "git.auth.username and git.auth.passwordFile must both be set");
      }
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
      timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
      if (timeout.isNegative() || timeout.isZero()) {
        throw new ValidationException("api.timeout", timeout, "must be greater than zero");
      }
      if (timeout.compareTo(MAX_TIMEOUT) > 0) {
        throw new ValidationException("api.timeout", timeout, "must not exceed 5m");
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

  /** MCP servers discovered in a Kubernetes cluster; no namespaces means the whole cluster. */
  record Kubernetes(List<String> namespaces) implements SourceKind {
    public Kubernetes {
      namespaces = List.copyOf(namespaces == null ? List.of() : namespaces);
    }

    @Override
    public String typeName() {
      return "kubernetes";
    }

    @Override
    public boolean synced() {
      return false;
    }
  }
}
