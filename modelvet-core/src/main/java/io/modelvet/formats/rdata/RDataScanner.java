package io.modelvet.formats.rdata;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.io.MalformedException;
import io.modelvet.io.SourceReader;
import java.io.IOException;
import java.util.Set;

/**
 * R serialized data: {@code saveRDS} streams ({@code X\n} XDR, {@code A\n} ASCII, {@code B\n}
 * native) and {@code save} workspaces ({@code RDX2}/{@code RDX3}/{@code RDA*}/{@code RDB*} then a
 * stream). gzip, bzip2 and xz wrappers (R's defaults) are removed by the compression scanner,
 * which dispatches the inner stream here. The stream is walked, never evaluated; see
 * {@link RUnserializer} for what is reported.
 */
public final class RDataScanner implements Scanner {
  @Override
  public String format() {
    return "r-rds";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("rds", "rdata", "rda");
  }

  /** Unserializing runs promises (CVE-2024-27322). */
  @Override
  public boolean codeOnLoad() {
    return true;
  }

  @Override
  public int sniff(Head h) {
    if (h.length() >= 5 && h.u8(0) == 'R' && h.u8(1) == 'D' && "XAB".indexOf(h.u8(2)) >= 0 && (h.u8(3) == '2' || h.u8(3) == '3') && h.u8(4) == '\n')
      return 95;
    return streamAt(h, 0) ? 85 : 0;
  }

  /** A serialization header at {@code off}: format letter, newline and version 2 or 3. */
  private static boolean streamAt(Head h, int off) {
    int f = h.u8(off);
    if (h.u8(off + 1) != '\n') return false;
    if (f == 'X') return h.startsWith(off + 2, (byte) 0, (byte) 0, (byte) 0) && (h.u8(off + 5) == 2 || h.u8(off + 5) == 3);
    if (f == 'B') return (h.u8(off + 2) == 2 || h.u8(off + 2) == 3) && h.startsWith(off + 3, (byte) 0, (byte) 0, (byte) 0);
    if (f == 'A') return (h.u8(off + 2) == '2' || h.u8(off + 2) == '3') && h.u8(off + 3) == '\n';
    return false;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    Head h = ctx.head();
    boolean workspace = h.u8(0) == 'R' && h.u8(1) == 'D';
    long start = workspace ? 5 : 0;
    char format = (char) h.u8((int) start);
    ctx.setFormat((workspace ? "r-rdata" : "r-rds") + (format == 'A' ? "-ascii" : ""));
    SourceReader reader = SourceReader.of(ctx.source(), start + 2);
    RInput in = RInput.of(format, reader);
    int version = in.readInt();
    in.readInt(); // R version that wrote it
    in.readInt(); // oldest R version that can read it
    if (version == 3) {
      int n = in.readInt();
      if (n < 0 || n > 64) throw new MalformedException("native encoding name of " + n + " bytes");
      in.readString(n);
    } else if (version != 2) {
      throw new MalformedException("R serialization version " + version + " is not 2 or 3");
    }
    RUnserializer walker = new RUnserializer(ctx, in);
    walker.readItem();
    if (walker.closures() > 0)
      ctx.report("rdata.closure", 0,
          "The data holds " + walker.closures() + " R function(s) with their code. They do not run on load, only when called (for example by predict or print methods); glm and similar model objects carry a few.",
          walker.closures() + " closure(s)");
  }
}
