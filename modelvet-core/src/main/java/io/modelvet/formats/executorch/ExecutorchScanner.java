package io.modelvet.formats.executorch;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.FlatReader;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.formats.common.ReviewedList;
import io.modelvet.io.ByteSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ExecuTorch programs ({@code .pte}): a FlatBuffer with file identifier {@code ET12} whose root is
 * the {@code Program} table of pytorch/executorch's {@code schema/program.fbs}, optionally followed
 * by data segments located through the extended header ({@code eh00} at offset 8: header length,
 * program size, segment base offset). Read with the bounds-checked {@link FlatReader}: every
 * execution plan's operators (names outside {@code executorch/namespaces.tsv} are custom kernels
 * linked into the app) and backend delegates (ids checked against {@code executorch/delegates.tsv};
 * each processed blob, inline or in a segment, is located, bounds-checked and searched for
 * executables and pickles). Nothing of the program is run.
 */
public final class ExecutorchScanner implements Scanner {
  /** Reviewed data, read when the first file that needs it is scanned rather than at start-up. */
  private static final class Reviewed {
    static final Set<String> NAMESPACES = names("/io/modelvet/executorch/namespaces.tsv");
    static final Map<String, String> DELEGATES =
        ReviewedList.load("/io/modelvet/executorch/delegates.tsv", 2, 1).stream().collect(Collectors.toUnmodifiableMap(r -> r[0], r -> r[1]));
  }
  private static final byte[] IDENTIFIER = "ET12".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EXTENDED = "eh00".getBytes(StandardCharsets.US_ASCII);
  private static final int MIN_EXTENDED_HEADER = 24;
  private static final int MAX_NAME = 1 << 12;
  private static final int MAX_PLANS = 1_000;
  private static final int MAX_OPERATORS = 100_000;
  private static final int MAX_DELEGATES = 10_000;
  private static final int MAX_LISTED = 20;
  /** Distinct custom operator names and delegate ids kept. */
  private static final int MAX_DISTINCT = 1_000;
  private static final int PROBE = 1 << 16;
  private static final long MAX_SEARCHED = 4L << 30;

  private static Set<String> names(String resource) {
    return ReviewedList.load(resource, 2, 1).stream().map(r -> r[0]).collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public String format() {
    return "executorch";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("pte");
  }

  @Override
  public int sniff(Head head) {
    return head.startsWith(4, IDENTIFIER) && head.u32(0) >= 8 && head.u32(0) < head.size() ? 95 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    new Walk(ctx).run();
  }

  /** A data segment: absolute start in the file and size. */
  private record Segment(long start, long size) {}

  private static final class Walk {
    private final ScanContext ctx;
    private final CappedReports out;
    private final long size;
    private final Set<String> custom = new LinkedHashSet<>();
    private final Map<String, Integer> backends = new LinkedHashMap<>();
    private long searched;

    Walk(ScanContext ctx) {
      this.ctx = ctx;
      this.out = new CappedReports(ctx, 20);
      this.size = ctx.source().size();
    }

    void run() throws IOException {
      ByteSource src = ctx.source();
      long programSize = size;
      long segmentBase = 0;
      if (size >= 8 + MIN_EXTENDED_HEADER && ctx.head().startsWith(8, EXTENDED)) {
        long headerLength = ctx.head().u32(12);
        programSize = ctx.head().u64(16);
        segmentBase = ctx.head().u64(24);
        if (headerLength < MIN_EXTENDED_HEADER || programSize < 16 || programSize > size || segmentBase < 0 || segmentBase > size) {
          malformed(12, "extended header (length " + headerLength + ", program size " + Long.toUnsignedString(programSize) + ", segment base " + Long.toUnsignedString(segmentBase) + ") does not fit the " + size + "-byte file");
          return;
        }
      }
      FlatReader f = new FlatReader(src.slice(0, programSize));
      long root = f.root();
      List<Segment> segments = segments(f, root, segmentBase);
      if (segments == null) return;
      long plans = f.vector(root, 1);
      long planCount = plans < 0 ? 0 : f.length(plans, 4);
      if (planCount > MAX_PLANS) {
        ctx.inconclusive("ExecuTorch program with more than " + MAX_PLANS + " execution plans");
        return;
      }
      for (long i = 0; i < planCount; i++) plan(f, f.tableAt(plans, i), root, segments);
      for (Map.Entry<String, Integer> b : backends.entrySet()) {
        String id = b.getKey();
        String known = Reviewed.DELEGATES.get(id);
        String parts = b.getValue() + " part(s) of the program are delegated to the ";
        if (known != null)
          out.report("executorch.delegate", -1, parts + id + " backend (" + known + "). Their blobs are compiled for that backend and are not analysed beyond a search for executables and pickles.", "id=" + id);
        else
          out.report("executorch.unknown-delegate", -1, parts + "backend \"" + id + "\", which is not one of ExecuTorch's own; the runtime must link native code registered under that name.", "id=" + id);
      }
      if (!custom.isEmpty())
        out.report("executorch.custom-op", -1, "The program calls " + custom.size() + " operator(s) outside the namespaces whose kernels ship with ExecuTorch: " + listed(custom)
            + ". Their kernels are native code registered by the app; the program cannot run without it.", listed(custom));
      long end = segments.stream().mapToLong(s -> s.start + s.size).max().orElse(programSize);
      if (segments.isEmpty() && end < size) {
        long rest = size - end;
        ctx.report("executorch.trailing-data", end, rest + " bytes follow the program, which has no data segments; the runtime never reads them. They are scanned as a member.", rest + " bytes at offset " + end);
        ctx.scanMember("trailing-data", src.slice(end, rest));
      }
    }

    /** Program.segments (field 4): DataSegment {offset: u64, size: u64} relative to the segment base. */
    private List<Segment> segments(FlatReader f, long root, long base) throws IOException {
      List<Segment> list = new ArrayList<>();
      long vec = f.vector(root, 4);
      long n = vec < 0 ? 0 : f.length(vec, 4);
      for (long i = 0; i < n; i++) {
        long t = f.tableAt(vec, i);
        long offset = f.u64Field(t, 0, 0);
        long length = f.u64Field(t, 1, 0);
        if (base == 0 || offset < 0 || length < 0 || offset > size - base || length > size - base - offset) {
          malformed(-1, "data segment " + i + " (" + Long.toUnsignedString(length) + " bytes at " + Long.toUnsignedString(offset) + " after segment base " + base + ") lies outside the " + size + "-byte file");
          return null;
        }
        list.add(new Segment(base + offset, length));
      }
      return list;
    }

    /** ExecutionPlan: name 0, operators 6 (Operator {name 0, overload 1}), delegates 7. */
    private void plan(FlatReader f, long plan, long root, List<Segment> segments) throws IOException {
      ctx.checkDeadline();
      long ops = f.vector(plan, 6);
      long n = ops < 0 ? 0 : f.length(ops, 4);
      if (n > MAX_OPERATORS) throw new io.modelvet.io.MalformedException("execution plan with more than " + MAX_OPERATORS + " operators");
      for (long i = 0; i < n; i++) {
        if ((i & 0xfff) == 0xfff) ctx.checkDeadline();
        long op = f.tableAt(ops, i);
        String name = orEmpty(f.string(op, 0, MAX_NAME));
        String overload = orEmpty(f.string(op, 1, MAX_NAME));
        int sep = name.indexOf("::");
        if ((sep < 0 || !Reviewed.NAMESPACES.contains(name.substring(0, sep))) && custom.size() < MAX_DISTINCT) custom.add(overload.isEmpty() ? name : name + "." + overload);
      }
      long delegates = f.vector(plan, 7);
      long d = delegates < 0 ? 0 : f.length(delegates, 4);
      if (d > MAX_DELEGATES) throw new io.modelvet.io.MalformedException("execution plan with more than " + MAX_DELEGATES + " delegates");
      for (long i = 0; i < d; i++) delegate(f, f.tableAt(delegates, i), root, segments);
      instructions(f, plan, n, d);
    }

    /**
     * Chain.instructions (ExecutionPlan.chains 5, Chain.instructions 2): an Instruction's union
     * instr_args (type at slot 0: KernelCall 1, DelegateCall 2; value at slot 1) names an operator
     * or delegate by index (slot 0 of the call), which must exist in the plan.
     */
    private void instructions(FlatReader f, long plan, long operators, long delegates) throws IOException {
      long chains = f.vector(plan, 5);
      long c = chains < 0 ? 0 : f.length(chains, 4);
      long seen = 0;
      for (long i = 0; i < c; i++) {
        long list = f.vector(f.tableAt(chains, i), 2);
        long n = list < 0 ? 0 : f.length(list, 4);
        for (long j = 0; j < n; j++) {
          if ((++seen & 0xfff) == 0) ctx.checkDeadline();
          long instruction = f.tableAt(list, j);
          int type = f.i8Field(instruction, 0, 0);
          long args = f.field(instruction, 1);
          if ((type != 1 && type != 2) || args < 0) continue;
          int index = f.i32Field(f.target(args), 0, 0);
          long count = type == 1 ? operators : delegates;
          if (index < 0 || index >= count) {
            malformed(-1, "instruction " + j + " of chain " + i + " calls " + (type == 1 ? "operator " : "delegate ") + index + " of " + count);
            return;
          }
        }
      }
    }

    /** BackendDelegate: id 0, processed 1 (BackendDelegateDataReference {location 0: INLINE 0 / SEGMENT 1, index 1}). */
    private void delegate(FlatReader f, long delegate, long root, List<Segment> segments) throws IOException {
      String id = orEmpty(f.string(delegate, 0, MAX_NAME));
      if (backends.size() < MAX_DISTINCT || backends.containsKey(id)) backends.merge(id, 1, Integer::sum);
      long ref = f.field(delegate, 1);
      if (ref < 0) return;
      ref = f.target(ref);
      int location = f.i8Field(ref, 0, 0);
      long index = f.u32Field(ref, 1, 0);
      if (location == 0) {
        long inline = f.vector(root, 3);
        long count = inline < 0 ? 0 : f.length(inline, 4);
        if (index >= count) {
          malformed(-1, "delegate " + id + " refers to inline data " + index + " of " + count);
          return;
        }
        long data = f.vector(f.tableAt(inline, index), 0);
        if (data >= 0) blob(id, data + 4, f.length(data, 1));
      } else if (location == 1) {
        if (index >= segments.size()) {
          malformed(-1, "delegate " + id + " refers to data segment " + index + " of " + segments.size());
          return;
        }
        Segment s = segments.get((int) index);
        blob(id, s.start, s.size);
      } else {
        malformed(-1, "delegate " + id + " has the unknown data location " + location);
      }
    }

    /** A processed blob: ELF headers anywhere in it; an executable or pickle at its start. */
    private void blob(String id, long start, long length) throws IOException {
      ByteSource src = ctx.source();
      byte[] head = src.readFully(start, (int) Math.min(length, PROBE));
      boolean elfAtStart = false;
      long limit = Math.min(length, Math.max(0, MAX_SEARCHED - searched));
      searched += limit;
      int hits = 0;
      for (long pos = 0; pos < limit && hits < MAX_LISTED; pos += PROBE) {
        ctx.checkDeadline();
        int n = (int) Math.min(PROBE + 3, length - pos);
        byte[] chunk = pos == 0 && n <= head.length ? head : src.readFully(start + pos, n);
        for (int i = 0; i + 3 < chunk.length && i < PROBE && hits < MAX_LISTED; i++) {
          if (chunk[i] == 0x7f && chunk[i + 1] == 'E' && chunk[i + 2] == 'L' && chunk[i + 3] == 'F') {
            hits++;
            elfAtStart |= pos + i == 0;
            out.report("executorch.embedded-executable", start + pos + i, "An ELF header sits inside the processed blob of the " + id + " delegate, " + (pos + i) + " bytes into it. No ExecuTorch backend ships native libraries in its blob; treat it as native code from the model's author.", "ELF header at " + (start + pos + i));
          }
        }
      }
      if (!elfAtStart) PayloadChecks.checkBytes(ctx, head, "the processed blob of the " + id + " delegate", start);
    }

    private void malformed(long offset, String what) {
      out.report("executorch.malformed", offset, "The ExecuTorch program is malformed: " + what + ". The runtime rejects or misreads such a file; the exporter never writes one.", what);
    }

    private static String listed(Set<String> names) {
      return names.stream().limit(MAX_LISTED).collect(Collectors.joining(", ")) + (names.size() > MAX_LISTED ? ", ..." : "");
    }

    private static String orEmpty(String s) {
      return s == null ? "" : s;
    }
  }
}
