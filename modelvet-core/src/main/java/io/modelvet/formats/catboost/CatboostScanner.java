package io.modelvet.formats.catboost;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.FlatReader;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.formats.common.ReviewedList;
import io.modelvet.io.ByteSource;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CatBoost binary models ({@code .cbm}): the descriptor {@code CBM1}, the core size (u32, or
 * 0xFFFFFFFF and a u64), the model core (a FlatBuffer whose root is {@code TModelCore} of catboost's
 * {@code model.fbs}: FormatVersion, ModelTrees, InfoMap, ModelPartIds), then the model parts the
 * core names. The core is read with the bounds-checked {@link FlatReader}; {@link TreeCheck}
 * validates the trees as CatBoost's evaluator will index them, and every string (feature names,
 * one-hot values, the info map with the training parameters) goes through the payload checks.
 * Model parts are CatBoost's own serialization of data tables: known ones
 * ({@code catboost/model-parts.tsv}) are searched for executables and pickles, unknown ones make
 * the file inconclusive.
 */
public final class CatboostScanner implements Scanner {
  /** Reviewed data, read when the first file that needs it is scanned rather than at start-up. */
  private static final class Reviewed {
    static final Set<String> PARTS =
        ReviewedList.load("/io/modelvet/catboost/model-parts.tsv", 2, 1).stream().map(r -> r[0]).collect(Collectors.toUnmodifiableSet());
  }
  private static final byte[] MAGIC = "CBM1".getBytes(StandardCharsets.US_ASCII);
  private static final String CORE_FORMAT = "FlabuffersModel_v1";
  private static final long WIDE_SIZE = 0xFFFFFFFFL;
  private static final int MAX_KEY = 1 << 12;
  private static final int MAX_INFO = 100_000;
  private static final int PROBE = 1 << 16;

  @Override
  public String format() {
    return "catboost";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("cbm");
  }

  @Override
  public int sniff(Head head) {
    return head.startsWith(0, MAGIC) && head.size() >= 12 ? 95 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    CappedReports out = new CappedReports(ctx, 20);
    ByteSource src = ctx.source();
    long size = src.size();
    long core = ctx.head().u32(4);
    long start = 8;
    if (core == WIDE_SIZE && size >= 16) {
      core = ctx.head().u64(8);
      start = 16;
    }
    if (core < 8 || core > size - start) {
      malformed(out, 4, "model core of " + Long.toUnsignedString(core) + " bytes does not fit in the " + size + "-byte file");
      return;
    }
    FlatReader f = new FlatReader(src.slice(start, core));
    long root = f.root();
    String version = f.string(root, 0, MAX_KEY);
    if (!CORE_FORMAT.equals(version)) {
      malformed(out, start, "model core format \"" + version + "\" (CatBoost reads only " + CORE_FORMAT + ")");
      return;
    }
    long trees = f.field(root, 1);
    if (trees >= 0) {
      List<String> problems = new ArrayList<>();
      TreeCheck.check(ctx, f, f.target(trees), problems);
      for (String p : problems) malformed(out, start, p);
    }
    infoMap(ctx, f, root);
    List<String> parts = new ArrayList<>();
    long ids = f.vector(root, 3);
    long n = ids < 0 ? 0 : f.length(ids, 4);
    for (long i = 0; i < n && i < 64; i++) parts.add(f.stringAt(ids + 4 + 4 * i, MAX_KEY));
    long end = start + core;
    long rest = size - end;
    if (parts.isEmpty()) {
      if (rest > 0) {
        ctx.report("catboost.trailing-data", end, rest + " bytes follow the model core, which declares no further model parts; CatBoost never reads them. They are scanned as a member.", rest + " bytes at offset " + end);
        ctx.scanMember("trailing-data", src.slice(end, rest));
      }
      return;
    }
    List<String> unknown = parts.stream().filter(p -> !Reviewed.PARTS.contains(p)).toList();
    if (!unknown.isEmpty()) {
      ctx.inconclusive("CatBoost model: the model part(s) " + String.join(", ", unknown) + " after the core are not analysed");
      return;
    }
    if (rest <= 0) {
      malformed(out, end, "the core names the model part(s) " + String.join(", ", parts) + " but nothing follows it");
      return;
    }
    PayloadChecks.checkBytes(ctx, src.readFully(end, (int) Math.min(rest, PROBE)), "the CatBoost model parts after the core", end);
  }

  /** InfoMap: TKeyValue {Key 0, Value 1}; values hold the training parameters and other metadata. */
  private static void infoMap(ScanContext ctx, FlatReader f, long root) throws IOException {
    long map = f.vector(root, 2);
    long n = map < 0 ? 0 : f.length(map, 4);
    if (n > MAX_INFO) throw new MalformedException("CatBoost info map with more than " + MAX_INFO + " entries");
    int max = (int) Math.min(Integer.MAX_VALUE, ctx.budgets().maxOperandBytes());
    for (long i = 0; i < n; i++) {
      if ((i & 0xfff) == 0xfff) ctx.checkDeadline();
      long kv = f.tableAt(map, i);
      String key = f.string(kv, 0, MAX_KEY);
      PayloadChecks.checkInertText(ctx, f.string(kv, 1, max), "the model info (" + key + ")", -1);
    }
  }

  private static void malformed(CappedReports out, long offset, String what) {
    out.report("catboost.malformed", offset, "The CatBoost model is inconsistent: " + what + ". CatBoost's writer never produces this; evaluators index with these numbers.", what);
  }
}
