package dev.waggle.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waggle.domain.ValidationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PostgresSettingsTest {
  private static final String URL = "jdbc:postgresql://db:5432/registry";

  @Test
  void printedSettingsNeverShowAPassword() {
    PostgresSettings settings =
        new PostgresSettings(
            URL + "?sslmode=require&password=url-secret",
            "app",
            "app-secret",
            "owner",
            "owner-secret",
            10,
            2,
            Duration.ofMinutes(5));

    assertThat(settings.toString())
        .contains("app", "owner", "sslmode=require", "hasPassword=true")
        .doesNotContain("app-secret", "owner-secret", "url-secret");
  }

  @Test
  void withoutAMigrationUserTheAppUserMigratesWithItsOwnPassword() {
    PostgresSettings settings = PostgresSettings.of(URL, "app", "app-secret", null, null);

    assertThat(settings.migrationUser()).isEqualTo("app");
    assertThat(settings.migrationPassword()).isEqualTo("app-secret");
  }

  @Test
  void aMigrationUserWithoutPasswordDoesNotBorrowTheAppPassword() {
    PostgresSettings settings = PostgresSettings.of(URL, "app", "app-secret", "owner", null);

    assertThat(settings.migrationPassword()).isNull();
  }

  @Test
  void settingsThatCannotWorkAreRejectedNamingTheField() {
    assertThatThrownBy(
            () -> PostgresSettings.of("jdbc:mysql://db/registry", "app", null, null, null))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("jdbcUrl");
    assertThatThrownBy(() -> PostgresSettings.of(URL, " ", null, null, null))
        .hasMessageContaining("database.user");
    assertThatThrownBy(
            () -> new PostgresSettings(URL, "app", null, null, null, 0, 0, Duration.ofMinutes(5)))
        .hasMessageContaining("maxOpenConns");
    assertThatThrownBy(
            () -> new PostgresSettings(URL, "app", null, null, null, 5, 6, Duration.ofMinutes(5)))
        .hasMessageContaining("maxIdleConns");
    assertThatThrownBy(
            () -> new PostgresSettings(URL, "app", null, null, null, 5, 1, Duration.ofSeconds(5)))
        .hasMessageContaining("connMaxLifetime");
    assertThat(
            new PostgresSettings(URL, "app", null, null, null, 5, 1, Duration.ZERO).maxLifetime())
        .isZero();
  }
}
