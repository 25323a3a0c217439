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
 * declared size against the file) and their names. Sparse arrays (row_sparse, csr) carry a storage
 * shape and auxiliary index arrays; their shapes and every index are checked, since MXNet trusts
 * them when it loads. Trailing bytes are scanned as a member.
 */
public final class MxnetParamsScanner implements Scanner {
  static final long LIST_MAGIC = 0x112;
  private static final long V2 = 0xF993FAC9L;
  private static final long V3 = 0xF993FACAL;
  private static final int DENSE = 0, ROW_SPARSE = 1, CSR = 2;
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
  public int sniffCeiling() {
    return 90;
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
    int aux = switch (stype) {
      case DENSE -> 0;
      case ROW_SPARSE -> 1; // row indices
      case CSR -> 2; // indptr, column indices
      default -> throw new MalformedException("array " + index + " has unknown storage type " + stype);
    };
    long[] storage = aux > 0 ? shape(in, index) : null;
    if (aux > 0 && storage == null) throw new MalformedException("sparse array " + index + " has an unknown storage shape");
    long[] shape = shape(in, index);
    if (shape == null || (shape.length == 0 && magic == V2)) return; // unknown or empty shape: nothing stored
    in.skip(8); // context: dev_type, dev_id
    int type = in.readI32();
    int width = elementSize(type);
    if (width < 0) throw new MalformedException("array " + index + " has unknown dtype " + type);
    int[] auxTypes = new int[aux];
    long[][] auxShapes = new long[aux][];
    for (int i = 0; i < aux; i++) {
      auxTypes[i] = in.readI32();
      auxShapes[i] = shape(in, index);
      if (auxShapes[i] == null || elementSize(auxTypes[i]) < 0) throw new MalformedException("array " + index + " has an unreadable auxiliary array " + i);
    }
    skip(in, size, numel(aux > 0 ? storage : shape), width, index);
    if (aux == 0) return;
    Sparse sparse = new Sparse(ctx, in, index, shape);
    String problem = stype == ROW_SPARSE ? sparse.rowSparse(storage, auxTypes[0], auxShapes[0], size) : sparse.csr(storage, auxTypes, auxShapes, size);
    if (problem != null)
      ctx.report("mxnet.malformed-sparse", at, "Sparse array " + index + " is inconsistent: " + problem + ". MXNet loads sparse arrays without checking their indices; operators then read and write outside the data.", "array " + index + ": " + problem);
  }

  /** The element count of a shape (0-d: one element), saturating at Long.MAX_VALUE. */
  private static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) n = d != 0 && n > Long.MAX_VALUE / d ? Long.MAX_VALUE : n * d;
    return n;
  }

  private static void skip(SourceReader in, long size, long numel, int width, long index) throws IOException {
    if (numel > (size - in.position()) / width)
      throw new MalformedException("array " + index + " declares " + numel + " elements, more than the " + (size - in.position()) + " bytes left");
    in.skip(numel * width);
  }

  /** TShape::Load: int32 ndim then int64 dims; null for an unknown shape (ndim -1). */
  private static long[] shape(SourceReader in, long index) throws IOException {
    int ndim = in.readI32();
    if (ndim < -1 || ndim > MAX_NDIM) throw new MalformedException("array " + index + " has " + ndim + " dimensions");
    if (ndim < 0) return null;
    long[] dims = new long[ndim];
    for (int d = 0; d < ndim; d++) {
      dims[d] = in.readI64();
      if (dims[d] < 0) throw new MalformedException("array " + index + " has negative dimension " + dims[d]);
    }
    return dims;
  }

  /**
   * The checks MXNet's {@code check_format} would make and {@code NDArray::Load} does not: the
   * storage shape and auxiliary shapes agree with the shape, and every index (read from the file,
   * after the data) stays inside it, in order. Returns the first problem, or null.
   */
  private record Sparse(ScanContext ctx, SourceReader in, long index, long[] shape) {
    String rowSparse(long[] storage, int idxType, long[] idx, long size) throws IOException {
      if (shape.length == 0 || storage.length != shape.length) return skipAll(size, new int[] {idxType}, new long[][] {idx}, "its storage shape has " + storage.length + " dimensions for a " + shape.length + "-d array");
      for (int d = 1; d < shape.length; d++)
        if (storage[d] != shape[d]) return skipAll(size, new int[] {idxType}, new long[][] {idx}, "stored rows have dimension " + d + " of " + storage[d] + " instead of " + shape[d]);
      if (storage[0] > shape[0]) return skipAll(size, new int[] {idxType}, new long[][] {idx}, storage[0] + " stored rows for " + shape[0] + " rows");
      if (idx.length != 1 || idx[0] != storage[0]) return skipAll(size, new int[] {idxType}, new long[][] {idx}, "its row index array has shape " + java.util.Arrays.toString(idx) + " for " + storage[0] + " stored rows");
      Values v = values(idxType, idx[0], size);
      long prev = -1;
      for (long i = 0; i < idx[0]; i++) {
        long r = v.next();
        if (r < 0 || r >= shape[0]) return v.rest("row index " + r + " is outside the " + shape[0] + " rows");
        if (r <= prev) return v.rest("row indices are not increasing (" + prev + " then " + r + ")");
        prev = r;
      }
      return null;
    }

    String csr(long[] storage, int[] types, long[][] aux, long size) throws IOException {
      if (shape.length != 2 || storage.length != 1) return skipAll(size, types, aux, "a csr array must be 2-d with a 1-d storage shape, not " + shape.length + "-d / " + storage.length + "-d");
      long nnz = storage[0];
      if (aux[0].length != 1 || aux[0][0] != shape[0] + 1) return skipAll(size, types, aux, "its indptr has shape " + java.util.Arrays.toString(aux[0]) + " for " + shape[0] + " rows");
      if (aux[1].length != 1 || aux[1][0] != nnz) return skipAll(size, types, aux, "its column index array has shape " + java.util.Arrays.toString(aux[1]) + " for " + nnz + " stored values");
      Values ptr = values(types[0], aux[0][0], size);
      long prev = 0;
      for (long i = 0; i <= shape[0]; i++) {
        long p = ptr.next();
        if ((i == 0 && p != 0) || p < prev || p > nnz || (i == shape[0] && p != nnz)) {
          ptr.rest(null);
          return skipAll(size, new int[] {types[1]}, new long[][] {aux[1]}, "indptr[" + i + "] = " + p + " breaks 0 <= indptr ascending <= " + nnz);
        }
        prev = p;
      }
      Values col = values(types[1], nnz, size);
      for (long i = 0; i < nnz; i++) {
        long c = col.next();
        if (c < 0 || c >= shape[1]) return col.rest("column index " + c + " is outside the " + shape[1] + " columns");
      }
      return null;
    }

    /** Skips the auxiliary arrays' data (bounded by the file) and returns the problem. */
    private String skipAll(long size, int[] types, long[][] aux, String problem) throws IOException {
      for (int i = 0; i < aux.length; i++) skip(in, size, numel(aux[i]), elementSize(types[i]), index);
      return problem;
    }

    private Values values(int type, long count, long size) throws IOException {
      int width = elementSize(type);
      if (count > (size - in.position()) / width) throw new MalformedException("array " + index + " declares " + count + " indices, more than the bytes left");
      return new Values(type, count);
    }

    /** Reads index values one by one, with deadline checks. */
    private final class Values {
      private final int type;
      private final long count;
      private long read;

      Values(int type, long count) {
        this.type = type;
        this.count = count;
      }

      long next() throws IOException {
        if ((++read & 0xffff) == 0) ctx.checkDeadline();
        return switch (type) {
          case 6 -> in.readI64();
          case 11 -> in.readI64(); // uint64 read as signed: huge values come out negative, hence outside
          case 4 -> in.readI32();
          case 10 -> in.readU32();
          case 3 -> in.readU8();
          case 5 -> (byte) in.readU8();
          case 8 -> (short) in.readU16();
          case 9 -> in.readU16();
          default -> { // float / bool index types are never valid indices
            in.skip(elementSize(type));
            yield -1;
          }
        };
      }

      /** Skips the values not read and passes the problem on. */
      String rest(String problem) throws IOException {
        in.skip((count - read) * elementSize(type));
        return problem;
      }
    }
  }
}
