package dev.waggle.adapters.k8s.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.Set;
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

  @Test
  void anEmptyDesiredObjectIsHeldByAnAbsentOne() {
    assertThat(Drift.covers(json("{'name':'tmp'}"), json("{'name':'tmp','emptyDir':{}}"))).isTrue();
    assertThat(
            Drift.matches(
                json("{'name':'tmp'}"),
                json("{'name':'tmp','emptyDir':{}}"),
                Drift.Allowance.none()))
        .isTrue();
  }

  @Test
  void whenMatchingBothWays_thenAnAddedFieldIsDriftUnlessItIsAnAllowedDefault() {
    Drift.Allowance defaults =
        Drift.Allowance.of(
            Map.of(
                "spec.dnsPolicy", Set.of(TextNode.valueOf("ClusterFirst")),
                "spec.containers.*.ports.*.protocol", Set.of(TextNode.valueOf("TCP")),
                "**.fieldRef.apiVersion", Set.of(TextNode.valueOf("v1"))));
    String desired =
        "{'spec':{'containers':[{'name':'api','ports':[{'containerPort':8080}],"
            + "'env':[{'name':'NS','valueFrom':{'fieldRef':{'fieldPath':'metadata.namespace'}}}]}]}}";
    String defaulted =
        "{'spec':{'dnsPolicy':'ClusterFirst','securityContext':{},"
            + "'containers':[{'name':'api','resources':{},"
            + "'ports':[{'containerPort':8080,'protocol':'TCP'}],"
            + "'env':[{'name':'NS','valueFrom':{'fieldRef':{'fieldPath':'metadata.namespace',"
            + "'apiVersion':'v1'}}}]}]}}";

    assertThat(Drift.matches(json(defaulted), json(desired), defaults)).isTrue();
    assertThat(
            Drift.matches(
                json(defaulted.replace("'ClusterFirst'", "'Default'")), json(desired), defaults))
        .as("a defaulted field with another value")
        .isFalse();
    assertThat(
            Drift.matches(
                json(defaulted.replace("'dnsPolicy'", "'hostNetwork':true,'dnsPolicy'")),
                json(desired),
                defaults))
        .isFalse();
    assertThat(
            Drift.matches(
                json(defaulted.replace("'resources':{}", "'command':['sh','-c','sleep infinity']")),
                json(desired),
                defaults))
        .isFalse();
    assertThat(
            Drift.matches(
                json(defaulted.replace("'resources':{}", "'securityContext':{'privileged':true}")),
                json(desired),
                defaults))
        .isFalse();
  }

  @Test
  void aZeroValueGoLeavesOutIsNotDriftButARemovedPointerFalseIs() {
    assertThat(
            Drift.matches(
                json("{'name':'a','mountPath':'/a'}"),
                json("{'name':'a','mountPath':'/a','readOnly':false}"),
                Drift.Allowance.none()))
        .isTrue();
    assertThat(
            Drift.matches(
                json("{'securityContext':{}}"),
                json("{'securityContext':{'allowPrivilegeEscalation':false}}"),
                Drift.Allowance.none()))
        .isFalse();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
