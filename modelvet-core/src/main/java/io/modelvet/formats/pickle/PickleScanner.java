package io.modelvet.formats.pickle;

import io.modelvet.engine.BudgetExceededException;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.pickle.PickleMachine.End;
import io.modelvet.formats.pickle.PickleMachine.Result;
import io.modelvet.io.ByteSource;
import io.modelvet.io.SourceReader;
import io.modelvet.report.Severity;
import java.io.IOException;
import java.util.Set;

/**
 * Raw pickle streams (protocol 0–5), several pickles in one file, and the legacy stacked-pickle
 * {@code torch.save} format ("pytorch-legacy"). Every pickle in the file is interpreted by the
 * {@link PickleMachine}; the legacy format's raw storages are skipped by their recorded sizes.
 */
public final class PickleScanner implements Scanner {
  private static final String PROTOCOL0_STARTS = "(]}).cNIJKLMSVXUTFGlpdt";

  @Override
  public String format() {
    return "pickle";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("pkl", "pickle", "pt", "pth", "bin", "ckpt", "dill", "dat", "data", "p", "sav", "pck", "cpkl", "pdparams", "pdopt");
  }

  @Override
  public boolean codeOnLoad() {
    return true;
  }

  @Override
  public int sniffCeiling() {
    return 95;
  }

  @Override
  public int sniff(Head head) {
    if (head.startsWith(0, TorchStorages.MAGIC)) return 95;
    if (head.u8(0) == 0x80 && head.u8(1) >= 2 && head.u8(1) <= 5) return 90;
    if (head.u8(0) == 0x80 && head.u8(1) >= 0 && head.u8(1) <= 1) return 70;
    if (plausibleProtocol0(head.bytes(), 0)) return 60;
    // A stream that opens with a well-formed GLOBAL (after optional MARKs) is a pickle even if it
    // breaks later: the import happens before the loader fails, so it must be analysed.
    return startsWithGlobal(head.bytes()) ? 50 : 0;
  }

  /** {@code [(]* c module\n name\n} with Python identifier characters. */
  static boolean startsWithGlobal(byte[] d) {
    int i = 0;
    while (i < d.length && i < 8 && d[i] == '(') i++;
    if (i >= d.length || (d[i] != 'c' && d[i] != 'i')) return false;
    i++;
    for (int part = 0; part < 2; part++) {
      int start = i;
      while (i < d.length && i - start < 256 && (Character.isLetterOrDigit(d[i]) || d[i] == '_' || d[i] == '.')) i++;
      if (i == start || i >= d.length || d[i] != '\n') return false;
      i++;
    }
    return true;
  }

  /**
   * True when the bytes at {@code from} begin like a protocol 0/1 pickle: a few opcodes that
   * parse and end in STOP or use the whole sample.
   */
  static boolean plausibleProtocol0(byte[] d, int from) {
    if (from >= d.length || PROTOCOL0_STARTS.indexOf(d[from] & 0xff) < 0 || d[from] == '.') return false;
    return Protocol0Probe.probe(d, from);
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    boolean legacy = ctx.head().startsWith(0, TorchStorages.MAGIC);
    if (legacy) ctx.setFormat("pytorch-legacy");
    scanStreams(ctx, ctx.source(), legacy);
  }

  /** Interprets every pickle in {@code source} and reports through {@code ctx}. */
  static void scanStreams(ScanContext ctx, ByteSource source, boolean legacy) throws IOException {
    PickleAnalyzer analyzer = new PickleAnalyzer(ctx, PicklePolicy.withConfig(ctx.options().config()), source);
    PickleMachine machine = new PickleMachine(source, ctx.budgets(), analyzer, ctx::checkDeadline);
    if (legacy) analyzer.storages().legacyFormat();
    else if (ctx.siblings() != null && ctx.siblings().size("constants.pkl") >= 0) analyzer.storages().torchScript();
    long pos = 0;
    int count = 0;
    String incomplete = null;
    try {
      while (pos < source.size()) {
        Result r = machine.run(pos);
        count++;
        if (r.end() == End.STOP) {
          pos = r.endOffset();
          if (legacy && count == 5) {
            pos = skipStorages(ctx, source, pos, r.value(), analyzer.storages());
            if (pos < 0) break;
          }
          if (pos >= source.size()) break;
          if (!startsPickle(source, pos)) {
            ctx.report("pickle.trailing-data", pos,
                (source.size() - pos) + " bytes follow the last complete pickle and do not start another one. A loader stops at STOP and ignores them, but they can hide data for a second-stage loader.",
                hex(source, pos));
            break;
          }
        } else if (r.end() == End.TRUNCATED) {
          incomplete = "pickle " + count + " is cut off at offset " + r.endOffset();
          ctx.report("pickle.truncated", r.endOffset(),
              "The pickle stream ends before its STOP opcode (" + r.message() + "). Everything before the cut is reported; a loader runs those opcodes before it fails.",
              "stream " + count + ", " + r.ops() + " opcodes read");
          break;
        } else {
          incomplete = "pickle " + count + " is malformed at offset " + r.endOffset() + ": " + r.message();
          ctx.report("pickle.malformed", r.endOffset(),
              "The pickle breaks the protocol at offset " + r.endOffset() + " (" + r.message() + "). CPython stops loading there after running everything before it; the rest of the file is not analysed.",
              hex(source, r.endOffset()));
          break;
        }
      }
      if (ctx.siblings() != null) analyzer.storages().checkArchive(ctx.siblings(), ctx.path());
    } catch (BudgetExceededException e) {
      budget(ctx, e);
      throw e;
    } finally {
      analyzer.finish();
    }
    if (incomplete != null && !analyzer.decisive()) ctx.inconclusive(incomplete + "; nothing decisive was found before that point");
  }

  private static void budget(ScanContext ctx, BudgetExceededException e) {
    ctx.report("pickle.budget", -1, "Analysis stopped: " + e.getMessage() + ". Everything seen before is reported.", null);
  }

  /** Interprets the single pickle read sequentially from {@code in} (a decompressed stream). */
  static void scanSequential(ScanContext ctx, SourceReader in) throws IOException {
    PickleAnalyzer analyzer = new PickleAnalyzer(ctx, PicklePolicy.withConfig(ctx.options().config()), null);
    PickleMachine machine = new PickleMachine(null, ctx.budgets(), analyzer, ctx::checkDeadline);
    Result r;
    try {
      r = machine.runEmbedded(in);
    } catch (BudgetExceededException e) {
      budget(ctx, e);
      throw e;
    } finally {
      analyzer.finish();
    }
    String incomplete = null;
    if (r.end() == End.TRUNCATED) {
      incomplete = "the decompressed pickle is cut off at offset " + r.endOffset();
      ctx.report("pickle.truncated", -1, "The decompressed pickle ends before its STOP opcode (" + r.message() + "). Everything before the cut is reported.", r.ops() + " opcodes read");
    } else if (r.end() == End.MALFORMED) {
      incomplete = "the decompressed pickle is malformed at offset " + r.endOffset() + ": " + r.message();
      ctx.report("pickle.malformed", -1, "The decompressed pickle breaks the protocol at offset " + r.endOffset() + " (" + r.message() + ").", null);
    } else if (!in.atEnd()) {
      ctx.report("pickle.trailing-data", -1, "Data follows the end of the decompressed pickle; a loader ignores it, but it can hide a second-stage payload.", null);
    }
    if (incomplete != null && !analyzer.decisive()) ctx.inconclusive(incomplete + "; nothing decisive was found before that point");
  }

  /**
   * Skips the raw storages after a legacy torch file's key list, checking each written element
   * count against the pickle's declaration; -1 when they cannot be sized.
   */
  private static long skipStorages(ScanContext ctx, ByteSource source, long pos, PValue keys, TorchStorages storages) throws IOException {
    if (!(keys instanceof PValue.Seq list) || !list.complete()) return unparsed(ctx, source, pos, "the storage key list is not a readable list");
    SourceReader in = SourceReader.of(source, pos);
    java.util.Set<String> written = new java.util.HashSet<>();
    for (PValue k : list.items) {
      if (!(k instanceof PValue.Str s)) return unparsed(ctx, source, in.position(), "storage " + PseudoCode.render(k) + " has no known element size");
      written.add(s.text());
      if (in.remaining() < 8) return unparsed(ctx, source, in.position(), "storage data is cut off");
      long at = in.position();
      long numel = in.readI64();
      long bytes = storages.legacyStorage(s.text(), numel, at, in.remaining());
      if (bytes < 0) return unparsed(ctx, source, in.position(), "storage " + PseudoCode.render(k) + " could not be sized");
      in.skip(bytes);
      ctx.checkDeadline();
    }
    storages.legacyUnwritten(written, in.position());
    return in.position();
  }

  private static long unparsed(ScanContext ctx, ByteSource source, long pos, String why) {
    if (pos < source.size())
      ctx.report("pickle.unparsed-tail", Severity.INFO, pos,
          "The raw tensor storages of this legacy torch.save file were not parsed (" + why + "); the last " + (source.size() - pos) + " bytes were not analysed for further pickles.",
          null);
    return -1;
  }

  private static boolean startsPickle(ByteSource source, long pos) throws IOException {
    byte[] b = source.readFully(pos, (int) Math.min(256, source.size() - pos));
    if (b.length >= 2 && (b[0] & 0xff) == 0x80 && b[1] >= 0 && b[1] <= 5) return true;
    return plausibleProtocol0(b, 0);
  }

  private static String hex(ByteSource source, long pos) {
    try {
      if (pos < 0 || pos >= source.size()) return null;
      byte[] b = source.readFully(pos, (int) Math.min(16, source.size() - pos));
      return java.util.HexFormat.ofDelimiter(" ").formatHex(b);
    } catch (IOException e) {
      return null;
    }
  }
}
