package io.modelvet.formats.mxnet;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.io.MalformedException;
import io.modelvet.io.SourceReader;
import java.io.IOException;
import java.util.Set;

/**
 * MXNet parameter files ({@code model-0000.params}, {@code mx.nd.save}): the NDArray list magic
 * {@code 0x112}, the arrays (shape, context, dtype, raw data — seeked over after checking each
 * declared size against the file) and their names. Trailing bytes are scanned as a member.
 */
public final class MxnetParamsScanner implements Scanner {
  static final long LIST_MAGIC = 0x112;
  private static final long V2 = 0xF993FAC9L;
  private static final long V3 = 0xF993FACAL;
  private static final int MAX_NDIM = 32;
  private static final int MAX_NAME = 1 << 16;

  @Override
  public String format() {
    return "mxnet-params";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("params", "nd");
  }

  @Override
  public int sniff(Head head) {
    if (head.u64(0) != LIST_MAGIC || head.u64(8) != 0) return 0;
    long n = head.u64(16);
    if (n == 0) return 70;
    long magic = head.u32(24);
    return magic == V2 || magic == V3 ? 90 : 0;
  }

  static int elementSize(int typeFlag) {
    return switch (typeFlag) {
      case 3, 5, 7 -> 1; // uint8, int8, bool
      case 2, 8, 9, 12 -> 2; // float16, int16, uint16, bfloat16
      case 0, 4, 10 -> 4; // float32, int32, uint32
      case 1, 6, 11 -> 8; // float64, int64, uint64
      default -> -1;
    };
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    SourceReader in = SourceReader.of(ctx.source());
    long size = ctx.source().size();
    in.skip(16);
    long count = in.readI64();
    if (count < 0 || count > (size - 24) / 8) throw new MalformedException("array count " + count + " does not fit in the file");
    for (long i = 0; i < count; i++) {
      if ((i & 0xff) == 0) ctx.checkDeadline();
      array(ctx, in, size, i);
    }
    long names = in.readI64();
    if (names != 0 && names != count) throw new MalformedException(names + " names for " + count + " arrays");
    for (long i = 0; i < names; i++) {
      long len = in.readI64();
      if (len < 0 || len > MAX_NAME) throw new MalformedException("array name of " + len + " bytes");
      PayloadChecks.checkString(ctx, in.readUtf8(len, MAX_NAME), "array name", in.position());
    }
    long rest = size - in.position();
    if (rest > 0) {
      ctx.report("mxnet.trailing-data", in.position(), rest + " bytes follow the last array name. MXNet ignores them; they are scanned as a member.", rest + " bytes at offset " + in.position());
      ctx.scanMember("trailing-data", ctx.source().slice(in.position(), rest));
    }
  }

  private static void array(ScanContext ctx, SourceReader in, long size, long index) throws IOException {
    long at = in.position();
    long magic = in.readU32();
    if (magic != V2 && magic != V3) throw new MalformedException("array " + index + " has no NDArray magic at " + at);
    int stype = in.readI32();
    if (stype != 0) {
      ctx.inconclusive("array " + index + " uses sparse storage type " + stype + ", whose layout is not analysed");
      throw new MalformedException("sparse NDArray storage is not analysed");
    }
    int ndim = in.readI32();
    if (ndim < -1 || ndim > MAX_NDIM) throw new MalformedException("array " + index + " has " + ndim + " dimensions");
    long numel = ndim <= 0 ? (magic == V3 && ndim == 0 ? 1 : 0) : 1;
    for (int d = 0; d < ndim; d++) {
      long dim = in.readI64();
      if (dim < 0) throw new MalformedException("array " + index + " has negative dimension " + dim);
      numel = dim != 0 && numel > Long.MAX_VALUE / dim ? Long.MAX_VALUE : numel * dim;
    }
    if (ndim == 0 && magic == V2) return; // an empty legacy array stores nothing more
    if (ndim < 0) return; // unknown shape: nothing stored
    in.skip(8); // context: dev_type, dev_id
    int type = in.readI32();
    int width = elementSize(type);
    if (width < 0) throw new MalformedException("array " + index + " has unknown dtype " + type);
    if (numel > (size - in.position()) / width)
      throw new MalformedException("array " + index + " declares " + numel + " elements, more than the " + (size - in.position()) + " bytes left");
    in.skip(numel * width);
  }
}
