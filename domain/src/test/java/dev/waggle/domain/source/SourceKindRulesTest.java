package dev.waggle.domain.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.domain.ValidationException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The rules of each source kind and of a source's interval: the domain is their one owner, and the
 * configuration reports what they say at the key path, so field and reason are what a user reads.
 */
class SourceKindRulesTest {
  private static final URI HTTPS = URI.create("https://example.com/registry.json");

  private static void refused(ThrowingCallable build, String field, String reason) {
    assertThatThrownBy(build)
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.reason()).isEqualTo(reason);
            });
  }

  @Test
  void aFileSourceReadsExactlyOneOfAPathAndAUrl() {
    refused(
        () -> new SourceKind.File(Optional.of(Path.of("a.json")), Optional.of(HTTPS), null),
        "file",
        "file.path and file.url are mutually exclusive");
    refused(
        () -> new SourceKind.File(Optional.empty(), Optional.empty(), null),
        "file",
        "file.path or file.url is required");
  }

  @Test
  void aFetchedUrlIsAbsoluteHttpOrHttpsWithAHost() {
    refused(
        () -> SourceKind.File.atUrl(URI.create("ftp://example.com/r.json"), null),
        "file.url",
        "must use http or https");
    refused(
        () -> SourceKind.File.atUrl(URI.create("https:///r.json"), null),
        "file.url",
        "must be an absolute URL with a host");
    refused(
        () -> new SourceKind.Api(URI.create("registry.example.com"), null),
        "api.endpoint",
        "must use http or https");
    assertThat(SourceKind.File.atUrl(URI.create("HTTPS://example.com/r.json"), null).url())
        .isPresent();
  }

  @Test
  void timeoutsArePositiveAndAnApiTimeoutAtMostFiveMinutes() {
    refused(
        () -> SourceKind.File.atUrl(HTTPS, Duration.ZERO),
        "file.timeout",
        "must be greater than zero");
    refused(
        () -> new SourceKind.Api(HTTPS, Duration.ofSeconds(-1)),
        "api.timeout",
        "must be greater than zero");
    refused(
        () -> new SourceKind.Api(HTTPS, Duration.ofMinutes(10)),
        "api.timeout",
        "must not exceed 5m0s");
    assertThat(new SourceKind.Api(HTTPS, Duration.ofMinutes(5)).timeout())
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(new SourceKind.Api(HTTPS, null).timeout()).isEqualTo(SourceKind.Api.DEFAULT_TIMEOUT);
  }

  @Test
  void aGitSourceNamesAKnownSchemeAtMostOnePinAndCompleteCredentials() {
    refused(
        () -> git("ftp://example.com/r.git", Optional.empty(), Optional.empty(), Optional.empty()),
        "git.repository",
        "must be an https, http, ssh or file URL");
    refused(
        () ->
            git(
                "https://example.com/r.git",
                Optional.of("main"),
                Optional.empty(),
                Optional.of("abc123")),
        "git",
        "at most one of git.branch, git.tag and git.commit may be set (found branch and commit)");
    refused(
        () ->
            new SourceKind.Git(
                URI.create("ssh://git@example.com/r.git"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                null,
                Optional.of("bot"),
                Optional.empty()),
        "git.auth",
        "git.auth.username and git.auth.passwordFile must both be specified");
    assertThat(
            git("https://example.com/r.git", Optional.empty(), Optional.of("v1"), Optional.empty())
                .path())
        .isEqualTo("registry.json");
  }

  @Test
  void aKubernetesSourceListsEachNamespaceOnce() {
    refused(
        () -> new SourceKind.Kubernetes(List.of("team-a", "team-b", "team-a")),
        "kubernetes.namespaces[2]",
        "namespace \"team-a\" is listed twice");
    assertThat(new SourceKind.Kubernetes(null).namespaces()).isEmpty();
  }

  @Test
  void aSyncedSourceNeedsAPositiveIntervalAndAKubernetesOneIsCheckedEveryMinuteByDefault() {
    refused(
        () -> SourceDefinition.requireInterval("api", Optional.empty()),
        "syncPolicy.interval",
        "is required for api sources (a duration such as 30m or 1h)");
    refused(
        () -> SourceDefinition.requirePositiveInterval(Duration.ZERO),
        "syncPolicy.interval",
        "must be greater than zero");
    refused(
        () ->
            new SourceDefinition(
                SourceName.of("up"), new SourceKind.Api(HTTPS, null), Optional.empty(), null, null),
        "syncPolicy.interval",
        "is required for api sources (a duration such as 30m or 1h)");
    assertThat(
            new SourceDefinition(
                    SourceName.of("cluster"),
                    new SourceKind.Kubernetes(List.of()),
                    Optional.empty(),
                    null,
                    null)
                .syncInterval())
        .contains(Duration.ofMinutes(1));
    assertThat(
            new SourceDefinition(
                    SourceName.of("managed"),
                    new SourceKind.Managed(),
                    Optional.empty(),
                    null,
                    null)
                .syncInterval())
        .isEmpty();
  }

  private static SourceKind.Git git(
      String repository, Optional<String> branch, Optional<String> tag, Optional<String> commit) {
    return new SourceKind.Git(
        URI.create(repository), branch, tag, commit, null, Optional.empty(), Optional.empty());
  }

  @Test
  void gitsScpLikeShorthandIsSpelledAsAnSshUrlAndOtherRepositoriesAreLeftAsWritten() {
    assertThat(SourceKind.Git.uriSpelling(" git@github.com:acme/catalog.git "))
        .isEqualTo("ssh://git@github.com/acme/catalog.git");
    assertThat(SourceKind.Git.uriSpelling("ssh://git@github.com/acme/catalog.git"))
        .isEqualTo("ssh://git@github.com/acme/catalog.git");
    assertThat(SourceKind.Git.uriSpelling("https://bot@github.com/acme/catalog.git"))
        .isEqualTo("https://bot@github.com/acme/catalog.git");
    assertThat(SourceKind.Git.uriSpelling("/srv/git/catalog")).isEqualTo("/srv/git/catalog");
  }
}
