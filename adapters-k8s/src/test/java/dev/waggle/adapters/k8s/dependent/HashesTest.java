package dev.waggle.adapters.k8s.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashesTest {

  @Test
  void fnv32aMatchesTheReferenceVectorsAndPrintsLikeGo() {
    assertThat(Hashes.fnv32a("")).isEqualTo("811c9dc5");
    assertThat(Hashes.fnv32a("a")).isEqualTo("e40c292c");
    assertThat(Hashes.fnv32a("foobar")).isEqualTo("bf9cf968");
  }

  @Test
  void canonicalJsonDoesNotDependOnKeyOrder() {
    Map<String, Object> one = new LinkedHashMap<>();
    one.put("b", 1);
    one.put("a", Map.of("y", 1, "x", 2));
    Map<String, Object> other = new LinkedHashMap<>();
    other.put("a", Map.of("x", 2, "y", 1));
    other.put("b", 1);

    assertThat(Hashes.canonicalJson(one)).isEqualTo(Hashes.canonicalJson(other));
    assertThat(Hashes.sha256(Hashes.canonicalJson(one))).hasSize(64);
  }
}
