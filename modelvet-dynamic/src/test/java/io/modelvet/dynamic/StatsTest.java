package io.modelvet.dynamic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void trimZerosKeepsIntegerDigits() {
    assertThat(Stats.trimZeros("1000")).isEqualTo("1000"); // used to print "1" on chart axes
    assertThat(Stats.trimZeros("10.00")).isEqualTo("10");
    assertThat(Stats.trimZeros("0.05000")).isEqualTo("0.05");
    assertThat(Stats.trimZeros("1.000e+04")).isEqualTo("1e+04");
    assertThat(Stats.trimZeros("1.500e-05")).isEqualTo("1.5e-05");
  }
}
