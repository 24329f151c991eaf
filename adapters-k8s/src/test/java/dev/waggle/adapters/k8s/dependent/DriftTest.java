package dev.waggle.adapters.k8s.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DriftTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void fieldsTheApiServerDefaultsAreNotDrift() {
    assertThat(
            Drift.covers(
                json(
                    "{'name':'api','image':'x','imagePullPolicy':'IfNotPresent',"
                        + "'ports':[{'containerPort':8080,'protocol':'TCP'}]}"),
                json("{'name':'api','image':'x','ports':[{'containerPort':8080}]}")))
        .isTrue();
  }

  @Test
  void aChangedValueIsDrift() {
    assertThat(Drift.covers(json("{'image':'evil'}"), json("{'image':'x'}"))).isFalse();
  }

  @Test
  void anAddedOrRemovedListEntryIsDrift() {
    assertThat(
            Drift.covers(
                json("{'env':[{'name':'A'},{'name':'DEBUG'}]}"), json("{'env':[{'name':'A'}]}")))
        .isFalse();
    assertThat(Drift.covers(json("{'env':[]}"), json("{'env':[{'name':'A'}]}"))).isFalse();
  }

  @Test
  void anEmptyDesiredListMeansNoneAtAll() {
    assertThat(Drift.covers(json("{}"), json("{'env':[]}"))).isTrue();
    assertThat(Drift.covers(json("{'env':[{'name':'A'}]}"), json("{'env':[]}"))).isFalse();
  }

  @Test
  void quantitiesAreComparedByAmountNotSpelling() {
    assertThat(
            Drift.covers(
                json("{'resources':{'limits':{'cpu':'500m','memory':'1Gi'}}}"),
                json("{'resources':{'limits':{'cpu':'0.5','memory':'1024Mi'}}}")))
        .isTrue();
    assertThat(
            Drift.covers(
                json("{'resources':{'limits':{'cpu':'250m'}}}"),
                json("{'resources':{'limits':{'cpu':'0.5'}}}")))
        .isFalse();
  }

  @Test
  void aMissingFieldIsDrift() {
    assertThat(Drift.covers(json("{}"), json("{'serviceAccountName':'a'}"))).isFalse();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
