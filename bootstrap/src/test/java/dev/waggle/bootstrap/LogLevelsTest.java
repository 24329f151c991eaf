package dev.waggle.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;

class LogLevelsTest {

  @Test
  void acceptsToolHivesLevelNamesInAnyCase() {
    assertThat(LogLevels.parse("debug")).contains(Level.DEBUG);
    assertThat(LogLevels.parse("INFO")).contains(Level.INFO);
    assertThat(LogLevels.parse("warn")).contains(Level.WARN);
    assertThat(LogLevels.parse("warning")).contains(Level.WARN);
    assertThat(LogLevels.parse(" Error ")).contains(Level.ERROR);
    assertThat(LogLevels.parse("verbose")).isEmpty();
  }
}
