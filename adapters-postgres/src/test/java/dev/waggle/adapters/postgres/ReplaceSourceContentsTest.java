package dev.waggle.adapters.postgres;

import static dev.waggle.adapters.postgres.TestCatalog.ids;
import static dev.waggle.adapters.postgres.TestCatalog.manifest;
import static dev.waggle.adapters.postgres.TestCatalog.server;
import static dev.waggle.domain.catalog.TestManifests.withDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waggle.application.port.in.ListServersQuery;
import dev.waggle.application.port.in.SourceNotFoundException;
import dev.waggle.domain.access.Caller;
import dev.waggle.domain.access.Claims;
import dev.waggle.domain.catalog.ServerListing;
import dev.waggle.domain.catalog.ServerManifest;
import dev.waggle.domain.catalog.ServerName;
import dev.waggle.domain.catalog.ServerStatus;
import dev.waggle.domain.catalog.Version;
import dev.waggle.domain.catalog.VersionSelector;
import dev.waggle.domain.registry.RegistryName;
import dev.waggle.domain.source.SourceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReplaceSourceContentsTest extends OneSourceRegistryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void storedVersionsAreServedWithTheirDocumentAndOneTimestampForPublishUpdateAndStatus()
      throws Exception {
    ServerManifest weather =
        manifest(
            "io.github.acme/weather",
            "1.2.0",
            "Weather",
            "Forecasts for any city",
            ServerStatus.ACTIVE,
            Claims.NONE,
            ",\"packages\":[{\"registryType\":\"npm\",\"identifier\":\"weather\"}]");
    catalog.replace("files", weather, server("io.github.acme/tides", "0.1.0"));

    List<ServerListing> listed = catalog.all("main");

    assertThat(ids(listed))
        .containsExactly("io.github.acme/tides@0.1.0", "io.github.acme/weather@1.2.0");
    ServerListing stored = listed.get(1);
    assertThat(JSON.readTree(stored.document())).isEqualTo(JSON.readTree(weather.document()));
    // The text as the source wrote it: key order and spacing are not PostgreSQL's jsonb ones.
    assertThat(stored.document()).isEqualTo(weather.document());
    assertThat(stored.meta().status()).isEqualTo(ServerStatus.ACTIVE);
    assertThat(stored.meta().latest()).isTrue();
    assertThat(stored.meta().updatedAt()).isEqualTo(stored.meta().publishedAt());
    assertThat(stored.meta().statusChangedAt()).isEqualTo(stored.meta().publishedAt());
    assertThat(catalog.entries.countVersions(SourceName.of("files"))).isEqualTo(2);
  }

  @Test
  void replacingAgainKeepsPublishTimesAndMovesUpdateTimesOnlyOfChangedVersions() {
    catalog.replace(
        "files",
        server("io.x/same", "1.0.0"),
        server("io.x/edited", "1.0.0"),
        server("io.x/retired", "1.0.0"));
    Map<String, ServerListing> before = byId(catalog.all(allVersionsQuery()));

    catalog.replace(
        "files",
        server("io.x/same", "1.0.0"),
        manifest(
            "io.x/edited",
            "1.0.0",
            null,
            "Now with a better description",
            ServerStatus.ACTIVE,
            Claims.NONE,
            ""),
        server("io.x/retired", "1.0.0", ServerStatus.DEPRECATED),
        server("io.x/added", "1.0.0"));
    Map<String, ServerListing> after = byId(catalog.all(allVersionsQuery()));

    ServerListing same = after.get("io.x/same@1.0.0");
    assertThat(same.meta()).isEqualTo(before.get("io.x/same@1.0.0").meta());

    ServerListing edited = after.get("io.x/edited@1.0.0");
    assertThat(edited.document()).contains("Now with a better description");
    assertThat(edited.meta().publishedAt())
        .isEqualTo(before.get("io.x/edited@1.0.0").meta().publishedAt());
    assertThat(edited.meta().updatedAt())
        .isAfter(before.get("io.x/edited@1.0.0").meta().updatedAt());
    assertThat(edited.meta().statusChangedAt())
        .isEqualTo(before.get("io.x/edited@1.0.0").meta().statusChangedAt());

    ServerListing retired = after.get("io.x/retired@1.0.0");
    assertThat(retired.meta().status()).isEqualTo(ServerStatus.DEPRECATED);
    assertThat(retired.meta().updatedAt())
        .isAfter(before.get("io.x/retired@1.0.0").meta().updatedAt());
    assertThat(retired.meta().statusChangedAt()).isEqualTo(retired.meta().updatedAt());

    ServerListing added = after.get("io.x/added@1.0.0");
    assertThat(added.meta().publishedAt()).isAfter(same.meta().publishedAt());
  }

  @Test
  void aDocumentWrittenAnewWithTheSameContentIsServedAsWrittenAndKeepsItsUpdateTime() {
    catalog.replace(
        "files",
        withDocument(
            "io.x/reformatted",
            "{\"name\":\"io.x/reformatted\",\"version\":\"1.0.0\",\"n\":1.0,"
                + "\"o\":{\"a\":1,\"b\":[1,2]}}"),
        withDocument(
            "io.x/changed",
            "{\"name\":\"io.x/changed\",\"version\":\"1.0.0\",\"o\":{\"a\":1,\"b\":[1,2]}}"));
    Map<String, ServerListing> before = byId(catalog.all(allVersionsQuery()));
    // Keys in another order, other spacing, the same number spelled otherwise, a key given twice.
    String reformatted =
        "{ \"o\": {\"b\": [1, 2], \"a\": 100e-2}, \"n\": 1.000,\n"
            + "  \"version\": \"0.0.0\", \"version\": \"1.0.0\", \"name\": \"io.x/reformatted\" }";
    // The same keys and values, but an array's order is content.
    String changed =
        "{\"name\":\"io.x/changed\",\"version\":\"1.0.0\",\"o\":{\"a\":1,\"b\":[2,1]}}";

    catalog.replace(
        "files",
        withDocument("io.x/reformatted", reformatted),
        withDocument("io.x/changed", changed));
    Map<String, ServerListing> after = byId(catalog.all(allVersionsQuery()));

    ServerListing same = after.get("io.x/reformatted@1.0.0");
    assertThat(same.document()).isEqualTo(reformatted);
    assertThat(same.meta()).isEqualTo(before.get("io.x/reformatted@1.0.0").meta());
    ServerListing edited = after.get("io.x/changed@1.0.0");
    assertThat(edited.document()).isEqualTo(changed);
    assertThat(edited.meta().updatedAt())
        .isAfter(before.get("io.x/changed@1.0.0").meta().updatedAt());
  }

  @Test
  void aDocumentWrittenAgainByteForByteLeavesItsRowUntouchedWhateverCharactersItHolds() {
    String document =
        "{\"name\":\"io.x/same\",\"version\":\"1.0.0\",\"d\":\"Zürich 🐝 日本語 \\\"q\\\" \\\\ \\t\","
            + " \"lone\":\"\\ud83d\"}";
    catalog.replace("files", withDocument("io.x/same", document));
    String rowVersion = rowVersion("io.x/same");

    catalog.replace("files", withDocument("io.x/same", document));

    // The hash of the text matched PostgreSQL's own: no write reached the row.
    assertThat(rowVersion("io.x/same")).isEqualTo(rowVersion);
    assertThat(catalog.item("main", "io.x/same@1.0.0").document()).isEqualTo(document);
  }

  private String rowVersion(String name) {
    return catalog.selectOne(
        String.class, "SELECT xmin::text FROM server_version WHERE name = ?", name);
  }

  @Test
  void aDocumentThatIsNotJsonIsRefusedNamingItsVersionAndNothingIsWritten() {
    catalog.replace("files", server("io.x/kept", "1.0.0"));
    List<ServerListing> before = catalog.all(allVersionsQuery());

    assertThatThrownBy(
            () ->
                catalog.replace(
                    "files",
                    server("io.x/new", "1.0.0"),
                    withDocument("io.x/kept", "{\"name\": \"io.x/kept\"} trailing")))
        .hasMessageContaining("io.x/kept 1.0.0")
        .hasMessageContaining("not json");

    assertThat(catalog.all(allVersionsQuery())).isEqualTo(before);
  }

  @Test
  void versionsAndNamesMissingFromTheNewContentsStayAsDeletedTombstonesWithTheirDocument() {
    catalog.replace(
        "files",
        server("io.x/kept", "1.0.0"),
        server("io.x/kept", "2.0.0"),
        server("io.x/gone", "1.0.0"));
    Map<String, ServerListing> before = byId(catalog.withDeleted("main"));

    catalog.replace("files", server("io.x/kept", "1.0.0"));

    assertThat(ids(catalog.all("main"))).containsExactly("io.x/kept@1.0.0");
    assertThat(catalog.entries.countVersions(SourceName.of("files"))).isEqualTo(1);
    Map<String, ServerListing> after = byId(catalog.withDeleted("main"));
    assertThat(after).containsOnlyKeys("io.x/gone@1.0.0", "io.x/kept@1.0.0", "io.x/kept@2.0.0");
    for (String removed : List.of("io.x/kept@2.0.0", "io.x/gone@1.0.0")) {
      ServerListing tombstone = after.get(removed);
      ServerListing was = before.get(removed);
      assertThat(tombstone.meta().status()).as(removed).isEqualTo(ServerStatus.DELETED);
      assertThat(tombstone.meta().updatedAt()).as(removed).isAfter(was.meta().updatedAt());
      assertThat(tombstone.meta().statusChangedAt())
          .as(removed)
          .isEqualTo(tombstone.meta().updatedAt());
      assertThat(tombstone.meta().publishedAt()).as(removed).isEqualTo(was.meta().publishedAt());
      assertThat(tombstone.document()).as(removed).isEqualTo(was.document());
    }
    assertThat(latest("io.x/kept")).isEqualTo("1.0.0");
    assertThat(after.get("io.x/gone@1.0.0").meta().latest()).isTrue();
    assertThat(
            catalog.findVersion(
                RegistryName.of("main"),
                ServerName.of("io.x/kept"),
                VersionSelector.parse("2.0.0"),
                false,
                Caller.anonymous()))
        .isEmpty();

    catalog.replace("files");

    assertThat(catalog.all("main")).isEmpty();
    assertThat(catalog.entries.countVersions(SourceName.of("files"))).isZero();
    assertThat(catalog.withDeleted("main"))
        .hasSize(3)
        .allSatisfy(l -> assertThat(l.meta().status()).isEqualTo(ServerStatus.DELETED));
    assertThat(
            catalog.listVersions(
                RegistryName.of("main"), ServerName.of("io.x/kept"), false, Caller.anonymous()))
        .isEmpty();
    assertThat(
            catalog.listVersions(
                RegistryName.of("main"), ServerName.of("io.x/kept"), true, Caller.anonymous()))
        .hasSize(2);
  }

  @Test
  void aTombstoneAlreadyDeletedStaysUntouchedByLaterWrites() {
    catalog.replace(
        "files", server("io.x/a", "1.0.0"), server("io.x/a", "0.9.0", ServerStatus.DELETED));
    ServerListing takenDown = catalog.item("main", "io.x/a@0.9.0");

    catalog.replace("files", server("io.x/a", "1.0.0"), server("io.x/b", "1.0.0"));
    catalog.replace("files", server("io.x/a", "1.0.0"));

    ServerListing dropped = catalog.item("main", "io.x/a@0.9.0");
    assertThat(dropped.meta()).isEqualTo(takenDown.meta());
    ServerListing removedTwice = catalog.item("main", "io.x/b@1.0.0");
    catalog.replace("files", server("io.x/a", "1.0.0"));
    assertThat(catalog.item("main", "io.x/b@1.0.0").meta()).isEqualTo(removedTwice.meta());
  }

  @Test
  void aTombstoneThatComesBackIsRevivedWithThePayloadsStatusAndItsFirstPublishTime() {
    catalog.replace("files", server("io.x/a", "1.0.0"), server("io.x/a", "2.0.0"));
    ServerListing published = catalog.item("main", "io.x/a@2.0.0");
    catalog.replace("files", server("io.x/a", "1.0.0"));
    ServerListing tombstone = catalog.item("main", "io.x/a@2.0.0");

    catalog.replace(
        "files", server("io.x/a", "1.0.0"), server("io.x/a", "2.0.0", ServerStatus.DEPRECATED));

    ServerListing revived = catalog.item("main", "io.x/a@2.0.0");
    assertThat(ids(catalog.all("main"))).containsExactly("io.x/a@1.0.0", "io.x/a@2.0.0");
    assertThat(revived.meta().status()).isEqualTo(ServerStatus.DEPRECATED);
    assertThat(revived.meta().publishedAt()).isEqualTo(published.meta().publishedAt());
    assertThat(revived.meta().updatedAt()).isAfter(tombstone.meta().updatedAt());
    assertThat(revived.meta().statusChangedAt()).isEqualTo(revived.meta().updatedAt());
    assertThat(latest("io.x/a")).isEqualTo("2.0.0");
    assertThat(catalog.entries.countVersions(SourceName.of("files"))).isEqualTo(2);
  }

  @Test
  void whenTheLatestVersionChangesBothVersionsGetAFreshUpdateTime() {
    catalog.replace("files", server("io.x/a", "4.0.0"), server("io.x/other", "1.0.0"));
    ServerListing other = catalog.item("main", "io.x/other@1.0.0");
    ServerListing fourFirst = catalog.item("main", "io.x/a@4.0.0");

    catalog.replace(
        "files",
        server("io.x/a", "4.0.0"),
        server("io.x/a", "5.0.0"),
        server("io.x/other", "1.0.0"));

    ServerListing fourDemoted = catalog.item("main", "io.x/a@4.0.0");
    ServerListing five = catalog.item("main", "io.x/a@5.0.0");
    assertThat(fourDemoted.meta().latest()).isFalse();
    assertThat(fourDemoted.meta().updatedAt()).isAfter(fourFirst.meta().updatedAt());
    assertThat(fourDemoted.meta().statusChangedAt()).isEqualTo(fourFirst.meta().statusChangedAt());
    assertThat(fourDemoted.document()).isEqualTo(fourFirst.document());
    assertThat(five.meta().latest()).isTrue();
    assertThat(catalog.item("main", "io.x/other@1.0.0").meta()).isEqualTo(other.meta());

    catalog.replace("files", server("io.x/a", "4.0.0"), server("io.x/other", "1.0.0"));

    ServerListing fourAgain = catalog.item("main", "io.x/a@4.0.0");
    assertThat(fourAgain.meta().latest()).isTrue();
    assertThat(fourAgain.meta().status()).isEqualTo(ServerStatus.ACTIVE);
    assertThat(fourAgain.meta().updatedAt()).isAfter(fourDemoted.meta().updatedAt());
    assertThat(catalog.item("main", "io.x/a@5.0.0").meta().latest()).isFalse();
  }

  @Test
  void aWriteThatFailsHalfwayLeavesThePreviousContentsServed() {
    catalog.replace("files", server("io.x/old", "1.0.0"), server("io.x/other", "1.0.0"));
    List<ServerListing> before = catalog.all(allVersionsQuery());
    ServerManifest broken =
        new ServerManifest(
            ServerName.of("io.x/zz-broken"),
            Version.of("1.0.0"),
            null,
            null,
            ServerStatus.ACTIVE,
            Set.of(),
            "{ this is not json",
            Claims.NONE);
    List<ServerManifest> payload = new ArrayList<>();
    payload.add(server("io.x/new", "1.0.0"));
    payload.add(server("io.x/old", "2.0.0"));
    // Only the last statement parses documents: by then entries, removals and latest flags are
    // already written, so this checks that they are rolled back too.
    payload.add(broken);

    assertThatThrownBy(() -> catalog.entries.replaceSourceContents(SourceName.of("files"), payload))
        .hasMessageContaining("json");

    assertThat(catalog.all(allVersionsQuery())).isEqualTo(before);
  }

  @Test
  void aRepeatedNameAndVersionInOnePayloadKeepsTheFirstCopy() {
    catalog.replace(
        "files",
        manifest("io.x/twice", "1.0.0", null, "first", ServerStatus.ACTIVE, Claims.NONE, ""),
        manifest("io.x/twice", "1.0.0", null, "second", ServerStatus.ACTIVE, Claims.NONE, ""));

    List<ServerListing> listed = catalog.all("main");

    assertThat(ids(listed)).containsExactly("io.x/twice@1.0.0");
    assertThat(listed.get(0).document()).contains("first").doesNotContain("second");
  }

  @Test
  void theClaimsOfANameAreThoseOfItsFirstManifest() {
    Claims team = Claims.of("team", "data");
    catalog.replace(
        "files",
        manifest("io.x/shared", "1.0.0", null, "d", ServerStatus.ACTIVE, team, ""),
        manifest(
            "io.x/shared", "2.0.0", null, "d", ServerStatus.ACTIVE, Claims.of("team", "web"), ""));

    catalog.layout(TestCatalog.ANY_TEAM, "main", "files");
    Caller dataTeam = Caller.withClaims(team);
    Caller webTeam = Caller.withClaims(Claims.of("team", "web"));

    assertThat(
            catalog.listVersions(
                RegistryName.of("main"), ServerName.of("io.x/shared"), false, dataTeam))
        .hasSize(2);
    assertThat(
            catalog.listVersions(
                RegistryName.of("main"), ServerName.of("io.x/shared"), false, webTeam))
        .isEmpty();
  }

  @Test
  void replacingTheContentsOfAnUnknownSourceFails() {
    assertThatThrownBy(() -> catalog.replace("nowhere", server("io.x/a", "1.0.0")))
        .isInstanceOf(SourceNotFoundException.class)
        .hasMessageContaining("nowhere");
  }

  @Test
  void textWithTabsNewlinesAndBackslashesIsStoredExactlyAsGiven() {
    String title = "Tab\there, back\\slash";
    String description = "line one\nline two\r\nand \\N, which is not null";
    String document =
        "{\"name\":\"io.x/escapes\",\"version\":\"1.0.0\","
            + "\"description\":\"line one\\nline two\\r\\nand \\\\N, which is not null\","
            + "\"title\":\"Tab\\there, back\\\\slash\"}";
    catalog.replace(
        "files",
        new ServerManifest(
            ServerName.of("io.x/escapes"),
            Version.of("1.0.0"),
            title,
            description,
            ServerStatus.ACTIVE,
            Set.of(),
            document,
            Claims.NONE));

    assertThat(catalog.item("main", "io.x/escapes@1.0.0").document()).isEqualTo(document);
    List<String> stored =
        catalog.select(
            String.class,
            "SELECT title || '|' || description FROM server_version WHERE name = 'io.x/escapes'");
    assertThat(stored).containsExactly(title + "|" + description);
  }

  @Test
  void tenThousandVersionsAreWrittenAndRewrittenInAFewSeconds() {
    List<ServerManifest> payload = new ArrayList<>();
    for (int name = 0; name < 2_000; name++) {
      for (int version = 0; version < 5; version++) {
        payload.add(server(String.format("io.bulk/server-%04d", name), "1." + version + ".0"));
      }
    }

    long start = System.nanoTime();
    catalog.entries.replaceSourceContents(SourceName.of("files"), payload);
    long firstWrite = System.nanoTime() - start;
    start = System.nanoTime();
    catalog.entries.replaceSourceContents(
        SourceName.of("files"), payload.subList(5, payload.size()));
    long secondWrite = System.nanoTime() - start;

    assertThat(catalog.entries.countVersions(SourceName.of("files"))).isEqualTo(9_995);
    assertThat(
            catalog.findVersion(
                RegistryName.of("main"),
                ServerName.of("io.bulk/server-0000"),
                VersionSelector.LATEST,
                true,
                Caller.anonymous()))
        .map(l -> l.meta().status())
        .contains(ServerStatus.DELETED);
    assertThat(firstWrite / 1_000_000).as("first write, ms").isLessThan(15_000);
    assertThat(secondWrite / 1_000_000).as("second write, ms").isLessThan(15_000);
    assertThat(latest("io.bulk/server-1999")).isEqualTo("1.4.0");
  }

  private static ListServersQuery allVersionsQuery() {
    return TestCatalog.query(
        "main", Optional.empty(), Optional.empty(), Optional.empty(), true, Caller.anonymous());
  }

  private static String latest(String name) {
    return catalog
        .findVersion(
            RegistryName.of("main"),
            ServerName.of(name),
            VersionSelector.LATEST,
            true,
            Caller.anonymous())
        .orElseThrow()
        .version()
        .value();
  }

  private static Map<String, ServerListing> byId(List<ServerListing> listings) {
    return listings.stream()
        .collect(
            Collectors.toMap(
                l -> l.name().value() + "@" + l.version().value(), Function.identity()));
  }
}
