package io.modelvet.formats.paddle;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.formats.common.proto.ProtoReader;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PaddlePaddle programs ({@code .pdmodel}, {@code __model__}): a {@code ProgramDesc} protobuf
 * (paddle/fluid/framework/framework.proto) read with the streaming {@link ProtoReader}. Every
 * operator of every block is checked: Python callbacks ({@code py_func}) and file operators are
 * reported with their attributes, unrecognised operators (custom ops need a native library) are
 * listed, and string attributes go through the payload checks.
 */
public final class PaddleProgramScanner implements Scanner {
  private static final int LEN = ProtoReader.LEN;
  private static final int PROGRAM_BLOCK = 1 << 3 | LEN;
  private static final int BLOCK_OP = 4 << 3 | LEN;
  private static final int OP_TYPE = 3 << 3 | LEN;
  private static final int OP_ATTR = 4 << 3 | LEN;
  private static final int ATTR_NAME = 1 << 3 | LEN;
  private static final int ATTR_S = 5 << 3 | LEN;
  private static final int ATTR_STRINGS = 8 << 3 | LEN;
  private static final int MAX_STRING = 1 << 16;
  private static final long MAX_OPS = 10_000_000;

  /** A block starts with idx = 0 (08 00) and parent_idx = -1 as a ten-byte varint. */
  private static final byte[] FIRST_BLOCK = {0x08, 0x00, 0x10, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x01};

  @Override
  public String format() {
    return "paddle-program";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("pdmodel");
  }

  @Override
  public int sniffCeiling() {
    return 90;
  }

  @Override
  public int sniff(Head head) {
    if (head.u8(0) != 0x0a) return 0;
    int p = 1;
    while (p < 6 && (head.u8(p) & 0x80) != 0) p++;
    return head.startsWith(p + 1, FIRST_BLOCK) ? 90 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    Program program = new Program(ctx);
    ProtoReader r = ProtoReader.of(ctx.source());
    int blocks = 0;
    while (r.next()) {
      if (r.tag() == PROGRAM_BLOCK) {
        int index = blocks++;
        r.message(b -> program.block(b, index));
      } else {
        r.skip();
      }
    }
    if (blocks == 0) throw new MalformedException("Paddle program without blocks");
    program.finish();
  }

  /** The checks over one program. */
  private static final class Program {
    private final ScanContext ctx;
    private final CappedReports reports;
    private final Map<String, Integer> unknown = new LinkedHashMap<>();
    private long ops;

    Program(ScanContext ctx) {
      this.ctx = ctx;
      this.reports = new CappedReports(ctx, 50);
    }

    void block(ProtoReader b, int index) throws IOException {
      while (b.next()) {
        if (b.tag() == BLOCK_OP) {
          if (++ops > MAX_OPS) throw new MalformedException("more than " + MAX_OPS + " operators");
          if ((ops & 0xfff) == 0) ctx.checkDeadline();
          long at = b.position();
          b.message(o -> op(o, index, at));
        } else {
          b.skip();
        }
      }
    }

    private void op(ProtoReader o, int block, long at) throws IOException {
      String type = null;
      Map<String, List<String>> strings = new LinkedHashMap<>();
      while (o.next()) {
        if (o.tag() == OP_TYPE) type = o.readString(MAX_STRING);
        else if (o.tag() == OP_ATTR) o.message(a -> attr(a, strings));
        else o.skip();
      }
      if (type == null) throw new MalformedException("operator without a type at " + at);
      for (Map.Entry<String, List<String>> e : strings.entrySet())
        for (String s : e.getValue()) PayloadChecks.checkString(ctx, s, "attribute " + e.getKey() + " of operator " + type, at);
      PaddleOps.Danger d = PaddleOps.danger(type);
      if (d != null) {
        reports.report("paddle.dangerous-op", d.severity(), at,
            "Block " + block + " runs the operator " + type + ", which " + d.reason() + ".", type + attributes(strings));
      } else if (!PaddleOps.known(type)) {
        unknown.merge(type, 1, Integer::sum);
      }
    }

    private void attr(ProtoReader a, Map<String, List<String>> strings) throws IOException {
      String name = "?";
      List<String> values = new ArrayList<>();
      while (a.next()) {
        if (a.tag() == ATTR_NAME) name = a.readString(MAX_STRING);
        else if ((a.tag() == ATTR_S || a.tag() == ATTR_STRINGS) && values.size() < 64) values.add(a.readString(ctx.budgets().maxOperandBytes()));
        else a.skip();
      }
      if (!values.isEmpty()) strings.put(name, values);
    }

    private static String attributes(Map<String, List<String>> strings) {
      if (strings.isEmpty()) return "";
      StringBuilder sb = new StringBuilder("(");
      for (Map.Entry<String, List<String>> e : strings.entrySet()) {
        if (sb.length() > 1) sb.append(", ");
        String v = String.join(",", e.getValue());
        sb.append(e.getKey()).append("='").append(v.length() > 120 ? v.substring(0, 120) + "…" : v).append('\'');
        if (sb.length() > 400) break;
      }
      return sb.append(')').toString();
    }

    void finish() {
      if (unknown.isEmpty()) return;
      Set<String> names = new LinkedHashSet<>(unknown.keySet());
      ctx.report("paddle.unknown-op", -1,
          "The program uses " + names.size() + " operator type(s) that are not built into Paddle as far as ModelVet knows: " + String.join(", ", names.stream().limit(20).toList()) + (names.size() > 20 ? ", …" : "") + ". Custom operators need a native library (paddle.utils.cpp_extension) loaded before the model; review where it comes from.",
          String.join(", ", names.stream().limit(20).toList()));
    }
  }
}
