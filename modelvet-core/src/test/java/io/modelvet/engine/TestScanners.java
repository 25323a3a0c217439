package io.modelvet.engine;

import io.modelvet.io.ArrayByteSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** Tiny scanners for engine tests: each recognises a made-up magic prefix. */
final class TestScanners {
  private TestScanners() {}

  /** "EVIL" files: always a critical finding; code-on-load; extension .evil. */
  static final class Evil implements Scanner {
    public String format() { return "evil"; }
    public int sniff(Head h) { return h.startsWith("EVIL") ? 90 : 0; }
    public boolean codeOnLoad() { return true; }
    public Set<String> extensions() { return Set.of("evil"); }
    public void scan(ScanContext ctx) {
      ctx.report("general.embedded-executable", io.modelvet.report.Severity.CRITICAL, 0, "evil content", "run('x')");
    }
  }

  /** "SAFE" files: nothing to report; extension .safe. */
  static final class Safe implements Scanner {
    public String format() { return "safe"; }
    public int sniff(Head h) { return h.startsWith("SAFE") ? 90 : 0; }
    public Set<String> extensions() { return Set.of("safe"); }
    public void scan(ScanContext ctx) {}
  }

  /** "BOX" + members separated by '|': each member is scanned through the engine. */
  static final class Box implements Scanner {
    public String format() { return "box"; }
    public int sniff(Head h) { return h.startsWith("BOX") ? 90 : 0; }
    public void scan(ScanContext ctx) throws IOException {
      String body = new String(ctx.source().readFully(3, (int) ctx.source().size() - 3), StandardCharsets.ISO_8859_1);
      int i = 0;
      for (String part : body.split("\\|", -1)) {
        if (part.isEmpty()) continue;
        ctx.scanMember("m" + (i++), new ArrayByteSource(part.getBytes(StandardCharsets.ISO_8859_1)));
      }
    }
  }

  /** "BOOM" files: the scanner throws, to show failures become inconclusive. */
  static final class Boom implements Scanner {
    public String format() { return "boom"; }
    public int sniff(Head h) { return h.startsWith("BOOM") ? 90 : 0; }
    public void scan(ScanContext ctx) { throw new IllegalStateException("parser bug"); }
  }

  /** "DEEP" files recurse into themselves forever; the depth budget must stop them. */
  static final class Deep implements Scanner {
    public String format() { return "deep"; }
    public int sniff(Head h) { return h.startsWith("DEEP") ? 90 : 0; }
    public void scan(ScanContext ctx) throws IOException { ctx.scanMember("again", ctx.source()); }
  }
}
