package io.modelvet.server.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Builds the dashboard chart: findings of finished scans per day (UTC) over the last {@code days} days. */
final class Charts {
  static final int WIDTH = 560;
  static final int HEIGHT = 160;
  private static final int AXIS = 20;

  private Charts() {}

  static Views.Chart findingsPerDay(List<long[]> finishedAndCounts, int days, long nowMillis) {
    LocalDate today = Instant.ofEpochMilli(nowMillis).atZone(ZoneOffset.UTC).toLocalDate();
    LocalDate first = today.minusDays(days - 1L);
    long[] findings = new long[days];
    long[] scans = new long[days];
    for (long[] row : finishedAndCounts) {
      LocalDate d = Instant.ofEpochMilli(row[0]).atZone(ZoneOffset.UTC).toLocalDate();
      int i = (int) (d.toEpochDay() - first.toEpochDay());
      if (i < 0 || i >= days) continue;
      findings[i] += row[1];
      scans[i]++;
    }
    long max = 1;
    for (long f : findings) max = Math.max(max, f);
    int slot = WIDTH / days;
    int plot = HEIGHT - AXIS;
    List<Views.Bar> bars = new ArrayList<>();
    long total = 0;
    long totalScans = 0;
    for (int i = 0; i < days; i++) {
      int h = (int) Math.round((double) findings[i] / max * (plot - 10));
      if (findings[i] > 0) h = Math.max(h, 2);
      bars.add(new Views.Bar(i * slot + 4, plot - h, slot - 8, h, first.plusDays(i).toString().substring(5), findings[i], scans[i]));
      total += findings[i];
      totalScans += scans[i];
    }
    String summary = total + " finding(s) in " + totalScans + " scan(s) over the last " + days + " days";
    return new Views.Chart(WIDTH, HEIGHT, bars, (int) max, summary);
  }
}
