package io.modelvet.dynamic.report;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;

/** A terminal summary: one block per test with status, headline and findings. */
public final class TextReportWriter {
  private TextReportWriter() {}

  public static void write(DynamicReport r, Writer w) {
    PrintWriter out = new PrintWriter(w);
    out.printf(Locale.ROOT, "modelvet test %s%n", r.model().get("path"));
    out.printf(Locale.ROOT, "  model  %s (%s, %s classes)%n", r.model().get("signature"), r.model().get("outputKind"), r.model().get("classes"));
    out.printf(Locale.ROOT, "  data   %s (%s rows, %s features)%n", r.data().get("file"), r.data().get("rows"), r.data().get("features"));
    out.printf(Locale.ROOT, "  bounds %s; seed %d%n%n", r.domain().get("source"), r.seed());
    for (TestResult t : r.tests()) {
      out.printf(Locale.ROOT, "[%s] %s%n  %s%n", t.status(), t.title(), t.summary());
      if (t.metrics().get("queries") != null) out.printf(Locale.ROOT, "  queries: %s%n", t.metrics().get("queries"));
      for (DynamicFinding f : t.findings()) {
        out.printf(Locale.ROOT, "  %-8s %s  %s%n", f.severity(), f.id(), f.title());
        out.printf(Locale.ROOT, "           %s%n", f.evidence());
      }
      out.println();
    }
    out.printf(Locale.ROOT, "%d queries in %.1f s%n", r.totalQueries(), r.seconds());
    out.flush();
  }
}
