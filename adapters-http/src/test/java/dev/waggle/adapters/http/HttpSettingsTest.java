package dev.waggle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpSettingsTest {
  static final BuildInfo BUILD = new BuildInfo("1.0.0", "abc", "2026-11-22");

  @ParameterizedTest(name = "{0} -> {1}:{2}")
  @CsvSource({
    ":8080, 0.0.0.0, 8080",
    "0.0.0.0:8080, 0.0.0.0, 8080",
    "localhost:0, 127.0.0.1, 0",
    "LOCALHOST:9000, 127.0.0.1, 9000",
    "127.0.0.1:9000, 127.0.0.1, 9000",
    "registry.internal:443, registry.internal, 443",
    "'[::1]:8081', ::1, 8081"
  })
  void givenAddress_whenParsed_thenHostAndPortAreWhatALinuxListenerExpects(
      String address, String host, int port) {
    ListenAddress parsed = new HttpSettings(address, "127.0.0.1:1", BUILD).publicListener();

    assertThat(parsed.host()).isEqualTo(host);
    assertThat(parsed.port()).isEqualTo(port);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"", "8080", "localhost", "host:", ":http", ":65536", ":-1", "::1:80", "a b:80"})
  void givenInvalidInternalAddress_whenBuildingSettings_thenTheErrorNamesFlagAndValue(
      String address) {
    assertThatThrownBy(() -> new HttpSettings(":8080", address, BUILD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--internal-address:")
        .hasMessageContaining(address);
  }

  @Test
  void givenBothListenersOnOneFixedPort_whenBuildingSettings_thenRejected() {
    assertThatThrownBy(() -> new HttpSettings(":8080", "127.0.0.1:8080", BUILD))
        .hasMessageContaining("--address")
        .hasMessageContaining("--internal-address");
    assertThat(new HttpSettings("localhost:0", "localhost:0", BUILD).internalListener().port())
        .isZero();
  }

  @Test
  void givenMissingBuildFacts_whenBuildingBuildInfo_thenTheyReadUnknown() {
    assertThat(new BuildInfo(null, " ", "2026-11-22"))
        .isEqualTo(new BuildInfo("unknown", "unknown", "2026-11-22"));
  }
}
