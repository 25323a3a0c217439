package io.modelvet.formats.paddle;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.proto.ProtoReader;
import io.modelvet.io.MalformedException;
import io.modelvet.io.SourceReader;
import java.io.IOException;
import java.util.Set;

/**
 * PaddlePaddle combined parameters ({@code .pdiparams}, written by {@code save_combine}): a
 * sequence of LoD tensors, each a version word, LoD levels, a {@code TensorDesc} protobuf (data
 * type and dims) and the raw data. The data is never read: every tensor's declared size is
 * checked against the file and seeked over. Trailing bytes are scanned as a member.
 */
public final class PaddleParamsScanner implements Scanner {
  private static final int MAX_DESC = 1 << 16;
  private static final int MAX_LOD_LEVELS = 64;
  private static final int MAX_DIMS = 64;

  @Override
  public String format() {
    return "paddle-params";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("pdiparams");
  }

  @Override
  public int sniffCeiling() {
    return 80;
  }

  @Override
  public int sniff(Head head) {
    if (head.u32(0) != 0 || head.u64(4) != 0 || head.u32(12) != 0) return 0;
    long desc = head.u32(16);
    return desc >= 2 && desc <= 1024 && head.u8(20) == 0x08 ? 80 : 0;
  }

  /** Element size of a {@code VarType.Type} data type, or -1 when it is not a tensor element type. */
  static int elementSize(long type) {
    return switch ((int) type) {
      case 0, 20, 21 -> 1; // BOOL, UINT8, INT8
      case 1, 4, 22 -> 2; // INT16, FP16, BF16
      case 2, 5 -> 4; // INT32, FP32
      case 3, 6, 19, 23 -> 8; // INT64, FP64, SIZE_T, COMPLEX64
      case 24 -> 16; // COMPLEX128
      default -> -1;
    };
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    SourceReader in = SourceReader.of(ctx.source());
    long size = ctx.source().size();
    int tensors = 0;
    while (in.position() < size) {
      long start = in.position();
      if ((++tensors & 0xff) == 0) ctx.checkDeadline();
      if (!tensor(ctx, in, size)) {
        ctx.report("paddle.trailing-data", start, (size - start) + " bytes after the last of " + (tensors - 1) + " tensors are not a Paddle tensor. Paddle stops at the last parameter it expects; the rest is scanned as a member.", (size - start) + " bytes at offset " + start);
        ctx.scanMember("trailing-data", ctx.source().slice(start, size - start));
        return;
      }
    }
  }

  /** Reads one tensor; returns false when the bytes at this position do not start one. */
  private static boolean tensor(ScanContext ctx, SourceReader in, long size) throws IOException {
    if (size - in.position() < 24) return false;
    if (in.readU32() != 0) return false;
    long levels = in.readI64();
    if (levels < 0 || levels > MAX_LOD_LEVELS) return false;
    for (long i = 0; i < levels; i++) {
      long n = in.readI64();
      if (n < 0 || n > size - in.position()) throw new MalformedException("LoD level of " + n + " bytes runs past the end at " + in.position());
      in.skip(n);
    }
    if (in.readU32() != 0) return false;
    long descSize = in.readU32();
    if (descSize <= 0 || descSize > MAX_DESC || descSize > size - in.position()) return false;
    long descAt = in.position();
    long[] type = {-1};
    long[] numel = {1};
    int[] dims = {0};
    ProtoReader r = ProtoReader.of(ctx.source(), descAt, descAt + descSize);
    while (r.next()) {
      if (r.field() == 1 && r.wireType() == ProtoReader.VARINT) {
        type[0] = r.readVarint();
      } else if (r.field() == 2 && r.wireType() == ProtoReader.VARINT) {
        long d = r.readVarint();
        if (d < 0 || ++dims[0] > MAX_DIMS) throw new MalformedException("tensor dimension " + d + " at " + descAt);
        numel[0] = Math.multiplyHigh(numel[0], d) != 0 || numel[0] * d < 0 ? Long.MAX_VALUE : numel[0] * d;
      } else {
        r.skip();
      }
    }
    in.skip(descSize);
    int width = elementSize(type[0]);
    if (width < 0) throw new MalformedException("tensor data type " + type[0] + " at " + descAt);
    if (numel[0] > (size - in.position()) / width)
      throw new MalformedException("tensor at " + descAt + " declares " + numel[0] + " elements, more than the " + (size - in.position()) + " bytes left");
    in.skip(numel[0] * width);
    return true;
  }
}
