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
import java.util.regex.Pattern;

/**
 * Lua Torch7 files ({@code torch.save} in binary or ASCII mode, {@code .t7}): a tree of tagged objects
 * (nil, number, string, boolean, table, torch object, function) with back-references, as
 * torch/File.lua reads it. Functions are Lua byte code that {@code torch.load} hands to
 * {@code loadstring} (HIGH); classes must be registered with {@code torch.factory} and outside the
 * reviewed {@code nn.*}/{@code torch.*} namespaces they run their own read code (MEDIUM). Tensor
 * and storage data is skipped by its declared size, never read. Both modes go through the same walk;
 * only the primitive reads differ ({@link Torch7Input}).
 */
public final class Torch7Scanner implements Scanner {
  /** Reviewed data, read when the first file that needs it is scanned rather than at start-up. */
  private static final class Reviewed {
    static final NameRules CLASSES = NameRules.load("/io/modelvet/torch7/classes.tsv");
  }
  static final int NIL = 0, NUMBER = 1, STRING = 2, TABLE = 3, TORCH = 4, BOOLEAN = 5, FUNCTION = 6, LEGACY_RECUR_FUNCTION = 7, RECUR_FUNCTION = 8;
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

  /** ASCII mode: a torch object (tag 4, index 1, version string "V n") or a table (tag 3, index 1, size, key tag). */
  private static final Pattern ASCII_TORCH = Pattern.compile("4\r?\n1\r?\n[1-9][0-9]?\r?\nV [0-9]");
  private static final Pattern ASCII_TABLE = Pattern.compile("3\r?\n1\r?\n[0-9]{1,6}\r?\n[12]\r?\n");

  @Override
  public int sniff(Head h) {
    long tag = h.u32(0);
    if (tag == TORCH && h.u32(4) == 1 && h.u32(8) >= 3 && h.u32(8) < 16 && h.startsWith(12, (byte) 'V', (byte) ' ')) return 90;
    if (tag == TABLE && h.u32(4) == 1 && h.u32(8) >= 0 && h.u32(8) < 1_000_000 && (h.u32(12) == NUMBER || h.u32(12) == STRING)) return 40;
    String start = new String(h.bytes(), 0, Math.min(h.length(), 32), StandardCharsets.ISO_8859_1);
    if (ASCII_TORCH.matcher(start).lookingAt()) return 90;
    if (ASCII_TABLE.matcher(start).lookingAt()) return 40;
    return 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    boolean ascii = ctx.head().u8(0) == '3' || ctx.head().u8(0) == '4';
    if (ascii) ctx.setFormat("torch7-ascii");
    SourceReader src = SourceReader.of(ctx.source());
    new Walk(ctx, ascii ? new Torch7Input.Ascii(src) : new Torch7Input.Binary(src)).object(0);
  }

  private static final class Walk {
    private final ScanContext ctx;
    private final Torch7Input in;
    private final CappedReports out;
    private final Set<Integer> seen = new HashSet<>();
    private final long maxItems;
    private long items;

    Walk(ScanContext ctx, Torch7Input in) {
      this.ctx = ctx;
      this.in = in;
      this.out = new CappedReports(ctx, 20);
      this.maxItems = ctx.budgets().maxPickleOps();
    }

    /** Reads one object; returns its string value for strings (keys and class names), else null. */
    String object(int depth) throws IOException {
      if (depth > MAX_DEPTH) throw new BudgetExceededException("Torch7 objects nested deeper than " + MAX_DEPTH + " levels");
      if (++items > maxItems) throw new BudgetExceededException("more than " + maxItems + " Torch7 objects");
      if ((items & 0xfff) == 0) ctx.checkDeadline();
      long at = in.position();
      int tag = in.readInt();
      switch (tag) {
        case NIL: return null;
        case NUMBER: in.skipNumbers(1, 8, ctx); return null;
        case BOOLEAN: in.readInt(); return null;
        case STRING: return string(in.readInt());
        case TABLE: {
          if (!seen.add(in.readInt())) return null;
          int size = in.readInt();
          if (size < 0) throw new MalformedException("table with " + size + " entries at " + at);
          for (int i = 0; i < size; i++) {
            object(depth + 1);
            object(depth + 1);
          }
          return null;
        }
        case TORCH: {
          if (!seen.add(in.readInt())) return null;
          String version = string(in.readInt());
          String cls = version.startsWith("V ") ? string(in.readInt()) : version;
          torchObject(cls, at, depth);
          return null;
        }
        case FUNCTION, LEGACY_RECUR_FUNCTION, RECUR_FUNCTION: {
          if (tag != FUNCTION && !seen.add(in.readInt())) return null;
          int size = in.readInt();
          if (size < 0) throw new MalformedException("function of " + size + " bytes at " + at);
          byte[] head = in.readChars(size, 16);
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
      NameRules.Entry rule = Reviewed.CLASSES.match(cls);
      if (rule == null)
        out.report("torch7.unknown-class", Severity.MEDIUM, at,
            "The file instantiates the class '" + cls + "', outside the nn.* and torch.* classes of Torch7. torch.load needs it registered and runs its read method or fills it with the stored state.", cls);
      if (cls.startsWith("torch.") && cls.endsWith("Tensor")) {
        int dims = in.readInt();
        if (dims < 0 || dims > 64) throw new MalformedException("tensor with " + dims + " dimensions at " + at);
        in.skipNumbers(2L * dims + 1, 8, ctx); // sizes, strides (longs), storage offset
        object(depth + 1); // the storage
      } else if (cls.startsWith("torch.") && cls.endsWith("Storage")) {
        long size = in.readLong();
        int width = rule == null ? -1 : elementSize(rule.reason());
        if (size < 0 || width < 0) throw new MalformedException("storage " + cls + " of " + size + " elements at " + at);
        in.skipNumbers(size, width, ctx);
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
      return new String(in.readChars(n, MAX_NAME), StandardCharsets.ISO_8859_1);
    }

    private static String hex(byte[] b) {
      StringBuilder sb = new StringBuilder();
      for (byte x : b) sb.append(String.format("%02x", x & 0xff));
      return sb.toString();
    }
  }
}
