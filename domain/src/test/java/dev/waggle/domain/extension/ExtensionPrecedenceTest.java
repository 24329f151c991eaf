package dev.waggle.domain.extension;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.access.Role;
import dev.waggle.domain.extension.ExtensionPrecedence.Holding;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExtensionPrecedenceTest {
  private static final Claims PLATFORM = Claims.of("team", "platform");
  private static final Claims DATA = Claims.of("team", "data");

  /** One source's version of an entry, as a test writes it. */
  private record Row(int position, String version, Claims claims) {}

  private static Caller member(Claims claims) {
    return Caller.authenticated("member", Optional.of(claims), Set.of());
  }

  private static List<String> served(Caller caller, List<Row> rows) {
    return ExtensionPrecedence.servedVersions(caller, rows, Row::position, Row::claims).stream()
        .map(r -> r.position() + ":" + r.version())
        .toList();
  }

  @Test
  void givenTheFirstSourceHiddenFromTheCaller_whenServed_thenTheNextSourceItSeesServesTheEntry() {
    List<Holding> holdings = List.of(new Holding(1, PLATFORM), new Holding(0, DATA));

    assertThat(ExtensionPrecedence.servingSource(member(PLATFORM), holdings)).hasValue(1);
    assertThat(ExtensionPrecedence.servingSource(member(DATA), holdings)).hasValue(0);
  }

  @Test
  void givenEverySourceHidden_whenServed_thenNoSourceServesTheEntry() {
    List<Row> rows = List.of(new Row(0, "1.0.0", DATA), new Row(1, "2.0.0", DATA));

    assertThat(
            ExtensionPrecedence.servingSource(
                member(PLATFORM), List.of(new Holding(0, DATA), new Holding(1, DATA))))
        .isEqualTo(OptionalInt.empty());
    assertThat(served(member(PLATFORM), rows)).isEmpty();
  }

  @Test
  void givenACallerWhoSeesEverything_whenServed_thenTheFirstSourceWinsWhateverItsClaims() {
    List<Row> rows =
        List.of(
            new Row(1, "2.0.0", PLATFORM), new Row(0, "1.0.0", DATA), new Row(0, "1.1.0", DATA));

    assertThat(served(Caller.anonymous(), rows)).containsExactly("0:1.0.0", "0:1.1.0");
    Caller root = Caller.authenticated("root", Optional.of(PLATFORM), Set.of(Role.SUPER_ADMIN));
    assertThat(served(root, rows)).containsExactly("0:1.0.0", "0:1.1.0");
  }

  @Test
  void
      givenOneVisibleVersionInTheFirstSource_whenServed_thenThatSourceServesOnlyWhatTheCallerSees() {
    // A source whose versions carry different claims still keeps the entry for a caller who sees
    // one of them: versions of one entry never mix across sources.
    List<Row> rows =
        List.of(
            new Row(0, "1.0.0", PLATFORM),
            new Row(0, "2.0.0", DATA),
            new Row(1, "3.0.0", PLATFORM));

    assertThat(served(member(PLATFORM), rows)).containsExactly("0:1.0.0");
    assertThat(served(member(DATA), rows)).containsExactly("0:2.0.0");
  }
}
