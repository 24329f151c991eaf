package dev.waggle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which paths OAuth mode answers without a token. */
class PublicPathsTest {
  private final PublicPaths paths = new PublicPaths(List.of("/docs/", "/registry/open/v0.1"));

  @Test
  void aPrefixCoversItsOwnSegmentsOnly() {
    assertThat(paths.isPublic("/docs")).isTrue();
    assertThat(paths.isPublic("/docs/guide")).isTrue();
    assertThat(paths.isPublic("/docsx")).isFalse();
    assertThat(paths.isPublic("/registry/open/v0.1/servers")).isTrue();
    assertThat(paths.isPublic("/registry/open/v0.10/servers")).isFalse();
    assertThat(paths.isPublic("/.well-known/oauth-protected-resource")).isTrue();
    assertThat(paths.isPublic("/openapi.json")).isTrue();
    assertThat(paths.isPublic("/v1/me")).isFalse();
  }

  @Test
  void noSpellingOfAPathSlipsPastItsPrefix() {
    assertThat(paths.isPublic("/docs/../v1/sources")).isFalse();
    assertThat(paths.isPublic("/docs/..%2Fv1%2Fsources")).isFalse();
    assertThat(paths.isPublic("/docs%2F..%2Fv1")).isFalse();
    assertThat(paths.isPublic("/docs/%2e%2e/v1")).isFalse();
    assertThat(paths.isPublic("//docs//guide")).isTrue();
  }

  @Test
  void aSlashMakesEverythingPublic() {
    assertThat(new PublicPaths(List.of("/")).isPublic("/v1/sources")).isTrue();
  }

  @Test
  void theWebCatalogsPageAndFilesArePublicButNotItsSettings() {
    PublicPaths none = new PublicPaths(List.of());
    assertThat(none.isPublic("/ui")).isTrue();
    assertThat(none.isPublic("/ui/")).isTrue();
    assertThat(none.isPublic("/ui/assets/app.js")).isTrue();
    assertThat(none.isPublic("/ui/settings.json")).isFalse();
    assertThat(none.isPublic("/ui/assets/../settings.json")).isFalse();
    assertThat(none.isPublic("/uix")).isFalse();
  }
}
