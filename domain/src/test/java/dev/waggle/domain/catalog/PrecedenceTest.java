package dev.waggle.domain.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.access.Role;
import dev.waggle.domain.catalog.Precedence.Candidate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrecedenceTest {
  private static final Claims TEAM_A = Claims.of("team", "a");
  private static final Claims TEAM_B = Claims.of("team", "b");

  private static Candidate<String> live(String source, int position) {
    return new Candidate<>(source, position, true, Claims.NONE);
  }

  private static Candidate<String> removed(String source, int position) {
    return new Candidate<>(source, position, false, Claims.NONE);
  }

  private static Candidate<String> claimed(String source, int position, Claims claims) {
    return new Candidate<>(source, position, true, claims);
  }

  private static List<String> keys(List<Candidate<String>> ranked) {
    return ranked.stream().map(Candidate::key).toList();
  }

  private static Optional<String> served(Caller caller, List<Candidate<String>> candidates) {
    return Precedence.servedTo(caller, Precedence.rank(candidates)).map(Candidate::key);
  }

  @Test
  void givenTwoLiveSources_whenRanked_thenTheFirstInTheRegistrysOrderWins() {
    List<Candidate<String>> candidates = List.of(live("second", 1), live("first", 0));

    assertThat(keys(Precedence.rank(candidates))).containsExactly("first", "second");
    assertThat(served(Caller.anonymous(), candidates)).contains("first");
  }

  @Test
  void givenANameRemovedFromTheFirstSource_whenRanked_thenTheNextSourceThatStillHasItWins() {
    List<Candidate<String>> candidates =
        List.of(removed("first", 0), live("third", 2), live("second", 1));

    assertThat(keys(Precedence.rank(candidates))).containsExactly("second", "third", "first");
    assertThat(served(Caller.anonymous(), candidates)).contains("second");
  }

  @Test
  void givenANameRemovedEverywhere_whenRanked_thenTheFirstSourcesTombstonesAreServed() {
    List<Candidate<String>> candidates = List.of(removed("second", 1), removed("first", 0));

    assertThat(served(Caller.anonymous(), candidates)).contains("first");
  }

  @Test
  void givenAnEntryTheCallerMayNotSee_whenServed_thenTheNextVisibleSourceWins() {
    List<Candidate<String>> candidates =
        List.of(claimed("first", 0, TEAM_A), claimed("second", 1, TEAM_B));

    assertThat(served(Caller.withClaims(TEAM_B), candidates)).contains("second");
    assertThat(served(Caller.withClaims(TEAM_A), candidates)).contains("first");
  }

  @Test
  void givenNoEntryTheCallerMaySee_whenServed_thenTheNameDoesNotExistForIt() {
    List<Candidate<String>> candidates = List.of(claimed("first", 0, TEAM_A), live("unclaimed", 1));

    // An entry without claims is visible only to callers that see everything: default deny.
    assertThat(served(Caller.withClaims(TEAM_B), candidates)).isEmpty();
  }

  @Test
  void anonymousCallersAndSuperAdminsSeeTheBestCandidateWhateverItsClaims() {
    List<Candidate<String>> candidates =
        List.of(claimed("first", 0, TEAM_A), claimed("second", 1, TEAM_B));

    assertThat(served(Caller.anonymous(), candidates)).contains("first");
    assertThat(
            served(
                Caller.authenticated("admin", Optional.of(TEAM_B), Set.of(Role.SUPER_ADMIN)),
                candidates))
        .contains("first");
  }

  @Test
  void aHiddenLiveEntryDoesNotHideAVisibleRemovedOne() {
    // The live rival ranks first but the caller cannot see it, so the tombstones it would
    // otherwise shadow are what this caller is served.
    List<Candidate<String>> candidates =
        List.of(
            new Candidate<>("first", 0, false, TEAM_B), new Candidate<>("second", 1, true, TEAM_A));

    assertThat(served(Caller.withClaims(TEAM_B), candidates)).contains("first");
    assertThat(served(Caller.withClaims(TEAM_A), candidates)).contains("second");
  }

  @Test
  void anEntryIsLiveWhileOneOfItsVersionsIsNotDeleted() {
    assertThat(Precedence.live(List.of(ServerStatus.DELETED, ServerStatus.DEPRECATED))).isTrue();
    assertThat(Precedence.live(List.of(ServerStatus.DELETED, ServerStatus.DELETED))).isFalse();
    assertThat(Precedence.live(List.of())).isFalse();
  }
}
