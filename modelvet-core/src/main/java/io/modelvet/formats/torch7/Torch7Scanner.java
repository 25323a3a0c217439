package io.modelvet.formats.torch7;

import io.modelvet.engine.BudgetExceededException;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.NameRules;
import io.modelvet.io.MalformedException;
import io.modelvet.io.SourceReader;
import io.modelvet.report.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Lua Torch7 files ({@code torch.save} in binary mode, {@code .t7}): a tree of tagged objects
 * (nil, number, string, boolean, table, torch object, function) with back-references, as
 * torch/File.lua reads it. Functions are Lua byte code that {@code torch.load} hands to
 * {@code loadstring} (HIGH); classes must be registered with {@code torch.factory} and outside the
 * reviewed {@code nn.*}/{@code torch.*} namespaces they run their own read code (MEDIUM). Tensor
 * and storage data is skipped by its declared size, never read.
 */
public final class Torch7Scanner implements Scanner {
  static final int NIL = 0, NUMBER = 1, STRING = 2, TABLE = 3, TORCH = 4, BOOLEAN = 5, FUNCTION = 6, LEGACY_RECUR_FUNCTION = 7, RECUR_FUNCTION = 8;
  private static final NameRules CLASSES = NameRules.load("/io/modelvet/torch7/classes.tsv");
  private static final int MAX_DEPTH = 500;
  private static final int MAX_NAME = 1024;

  @Override
  public String format() {
    return "torch7";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("t7");
  }

  @Override
  public boolean codeOnLoad() {
    return true;
  }

  @Override
  public int sniff(Head h) {
    long tag = h.u32(0);
    if (tag == TORCH && h.u32(4) == 1 && h.u32(8) >= 3 && h.u32(8) < 16 && h.startsWith(12, (byte) 'V', (byte) ' ')) return 90;
    if (tag == TABLE && h.u32(4) == 1 && h.u32(8) >= 0 && h.u32(8) < 1_000_000 && (h.u32(12) == NUMBER || h.u32(12) == STRING)) return 40;
    return 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    new Walk(ctx).object(0);
  }

  private static final class Walk {
    private final ScanContext ctx;
    private final SourceReader in;
    private final CappedReports out;
    private final Set<Integer> seen = new HashSet<>();
    private final long maxItems;
    private long items;

    Walk(ScanContext ctx) {
      this.ctx = ctx;
      this.in = SourceReader.of(ctx.source());
      this.out = new CappedReports(ctx, 20);
      this.maxItems = ctx.budgets().maxPickleOps();
    }

    /** Reads one object; returns its string value for strings (keys and class names), else null. */
    String object(int depth) throws IOException {
      if (depth > MAX_DEPTH) throw new BudgetExceededException("Torch7 objects nested deeper than " + MAX_DEPTH + " levels");
      if (++items > maxItems) throw new BudgetExceededException("more than " + maxItems + " Torch7 objects");
      if ((items & 0xfff) == 0) ctx.checkDeadline();
      long at = in.position();
      int tag = in.readI32();
      switch (tag) {
        case NIL: return null;
        case NUMBER: in.skip(8); return null;
        case BOOLEAN: in.skip(4); return null;
        case STRING: return string(in.readI32());
        case TABLE: {
          if (!seen.add(in.readI32())) return null;
          int size = in.readI32();
          if (size < 0) throw new MalformedException("table with " + size + " entries at " + at);
          for (int i = 0; i < size; i++) {
            object(depth + 1);
            object(depth + 1);
          }
          return null;
        }
        case TORCH: {
          if (!seen.add(in.readI32())) return null;
          String version = string(in.readI32());
          String cls = version.startsWith("V ") ? string(in.readI32()) : version;
          torchObject(cls, at, depth);
          return null;
        }
        case FUNCTION, LEGACY_RECUR_FUNCTION, RECUR_FUNCTION: {
          if (tag != FUNCTION && !seen.add(in.readI32())) return null;
          int size = in.readI32();
          if (size < 0) throw new MalformedException("function of " + size + " bytes at " + at);
          byte[] head = in.readBytes(Math.min(size, 16), 16);
          in.skip(size - head.length);
          out.report("torch7.function", Severity.HIGH, at,
              "The file holds a Lua function (" + size + " bytes of byte code). torch.load passes it to loadstring; Lua byte code is not verified, so crafted code can break out of the Lua VM, and the function runs whenever the model calls it.",
              "byte code header " + hex(head));
          object(depth + 1); // upvalues
          return null;
        }
        default:
          throw new MalformedException("unknown Torch7 type tag " + tag + " at " + at);
      }
    }

    private void torchObject(String cls, long at, int depth) throws IOException {
      NameRules.Entry rule = CLASSES.match(cls);
      if (rule == null)
        out.report("torch7.unknown-class", Severity.MEDIUM, at,
            "The file instantiates the class '" + cls + "', outside the nn.* and torch.* classes of Torch7. torch.load needs it registered and runs its read method or fills it with the stored state.", cls);
      if (cls.startsWith("torch.") && cls.endsWith("Tensor")) {
        int dims = in.readI32();
        if (dims < 0 || dims > 64) throw new MalformedException("tensor with " + dims + " dimensions at " + at);
        in.skip(16L * dims + 8); // sizes, strides (longs), storage offset
        object(depth + 1); // the storage
      } else if (cls.startsWith("torch.") && cls.endsWith("Storage")) {
        long size = in.readI64();
        int width = rule == null ? -1 : elementSize(rule.reason());
        if (size < 0 || width < 0) throw new MalformedException("storage " + cls + " of " + size + " elements at " + at);
        if (size > Long.MAX_VALUE / width) throw new MalformedException("storage too large at " + at);
        in.skip(size * width);
      } else {
        object(depth + 1); // a plain Lua table of fields (nn modules, criterions)
      }
    }

    /** The element width is the reason column's leading "N bytes" for storage entries. */
    private static int elementSize(String reason) {
      int sp = reason.indexOf(" bytes");
      try {
        return sp > 0 ? Integer.parseInt(reason.substring(0, sp)) : -1;
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    private String string(int n) throws IOException {
      if (n < 0) throw new MalformedException("string of " + n + " bytes at " + in.position());
      int keep = Math.min(n, MAX_NAME);
      String s = new String(in.readBytes(keep, MAX_NAME), StandardCharsets.ISO_8859_1);
      in.skip(n - keep);
      return s;
    }

    private static String hex(byte[] b) {
      StringBuilder sb = new StringBuilder();
      for (byte x : b) sb.append(String.format("%02x", x & 0xff));
      return sb.toString();
    }
  }
}
