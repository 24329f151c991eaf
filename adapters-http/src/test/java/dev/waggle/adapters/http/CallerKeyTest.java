package dev.waggle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.access.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The part of a cached catalog answer's key that says who asked. */
class CallerKeyTest {
  private static String key(Map<String, List<String>> claims) {
    return BrowseCatalogHandler.callerKey(Caller.withClaims(new Claims(claims)));
  }

  @Test
  void noClaimValueCanSpellAnotherCallersKey() {
    assertThat(key(Map.of("team", List.of("x, y"))))
        .isNotEqualTo(key(Map.of("team", List.of("x", "y"))));
    assertThat(key(Map.of("a", List.of("b;1:c"))))
        .isNotEqualTo(key(Map.of("a", List.of("b"), "c", List.of())));
  }

  @Test
  void callersHoldingTheSameClaimsInAnotherOrderShareAKey() {
    Map<String, List<String>> one = new LinkedHashMap<>();
    one.put("team", List.of("data", "platform"));
    one.put("org", List.of("acme"));
    Map<String, List<String>> other = new LinkedHashMap<>();
    other.put("org", List.of("acme"));
    other.put("team", List.of("platform", "data"));
    assertThat(key(one)).isEqualTo(key(other));
  }

  @Test
  void callersWhoSeeEverythingShareOneKeyWhateverTheirClaims() {
    Caller admin =
        Caller.authenticated("root", Optional.of(Claims.of("org", "x")), Set.of(Role.SUPER_ADMIN));
    assertThat(BrowseCatalogHandler.callerKey(admin))
        .isEqualTo(BrowseCatalogHandler.callerKey(Caller.anonymous()));
    assertThat(BrowseCatalogHandler.callerKey(Caller.withClaims(Claims.NONE)))
        .isNotEqualTo(BrowseCatalogHandler.callerKey(Caller.anonymous()));
  }
}
