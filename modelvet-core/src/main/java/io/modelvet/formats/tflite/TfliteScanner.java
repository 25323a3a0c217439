package io.modelvet.formats.tflite;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.FlatReader;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.formats.common.ReviewedList;
import io.modelvet.formats.common.tensorflow.TfOpCatalog;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.util.Set;

/**
 * TensorFlow Lite flatbuffers ({@code TFL3}). A TFLite model names the kernels it needs: builtin
 * ops run inside the runtime, but custom ops need a native kernel the application registers, and
 * Flex ops run full TensorFlow ops (file and Python ops included) through the Select-TF-ops
 * delegate. The parser reads the Model table by hand (field numbers from TensorFlow's
 * schema.fbs), with every offset bounds-checked, and never loads buffer data.
 */
public final class TfliteScanner implements Scanner {
  static final long MAX_VECTOR = 10_000_000;
  /** Builtin codes above this are unknown to any TFLite release (the enum is in the low hundreds). */
  static final int MAX_KNOWN_BUILTIN = 1000;
  static final int CUSTOM = 32;
  static final int MAX_STRING = 1 << 16;
  static final int METADATA_CHECK_LIMIT = 1 << 20;

  // Model
  private static final int MODEL_VERSION = 0;
  private static final int MODEL_OPCODES = 1;
  private static final int MODEL_SUBGRAPHS = 2;
  private static final int MODEL_DESCRIPTION = 3;
  private static final int MODEL_BUFFERS = 4;
  private static final int MODEL_METADATA = 6;
  // OperatorCode
  private static final int CODE_DEPRECATED_BUILTIN = 0;
  private static final int CODE_CUSTOM = 1;
  private static final int CODE_BUILTIN = 3;
  // SubGraph
  private static final int SUBGRAPH_TENSORS = 0;
  private static final int SUBGRAPH_OPERATORS = 3;
  private static final int SUBGRAPH_NAME = 4;
  // Tensor, Operator, Buffer, Metadata
  private static final int TENSOR_BUFFER = 2;
  private static final int OPERATOR_OPCODE = 0;
  private static final int BUFFER_DATA = 0;
  private static final int BUFFER_OFFSET = 1;
  private static final int BUFFER_SIZE = 2;
  private static final int METADATA_NAME = 0;
  private static final int METADATA_BUFFER = 1;

  /** Reviewed data, read when the first file that needs it is scanned rather than at start-up. */
  private static final class Reviewed {
    static final Set<String> KNOWN_CUSTOM =
        ReviewedList.load("/io/modelvet/tflite/known-custom-ops.tsv", 2, 1).stream().map(r -> r[0]).collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  @Override
  public String format() {
    return "tflite";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("tflite");
  }

  /** The "TFL3" file identifier at offset 4 and a root-table offset inside the file. */
  @Override
  public int sniff(Head head) {
    if (!head.startsWith(4, new byte[] {'T', 'F', 'L', '3'})) return 0;
    long root = head.u32(0);
    return root >= 8 && root + 4 <= head.size() ? 95 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    FlatReader fb = new FlatReader(ctx.source());
    long model;
    try {
      model = fb.root();
      scanModel(ctx, fb, model);
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new MalformedException("invalid flatbuffer: " + e.getMessage());
    }
  }

  private void scanModel(ScanContext ctx, FlatReader fb, long model) throws IOException {
    long version = fb.u32Field(model, MODEL_VERSION, 0);
    if (version != 3) {
      ctx.report("tflite.absurd-structure", 0, "The model declares schema version " + version + "; every TFLite release reads version 3.", "version=" + version);
    }
    String description = fb.string(model, MODEL_DESCRIPTION, MAX_STRING);
    if (description != null) PayloadChecks.checkString(ctx, description, "description", -1);

    // Operator codes: what each opcode_index means.
    long codes = fb.vector(model, MODEL_OPCODES);
    int codeCount = codes < 0 ? 0 : (int) bounded(fb.length(codes, 4), "operator codes");
    int[] builtin = new int[codeCount];
    String[] custom = new String[codeCount];
    long[] codeOffset = new long[codeCount];
    for (int i = 0; i < codeCount; i++) {
      long t = fb.tableAt(codes, i);
      codeOffset[i] = t;
      builtin[i] = Math.max(fb.i8Field(t, CODE_DEPRECATED_BUILTIN, 0), fb.i32Field(t, CODE_BUILTIN, 0));
      custom[i] = fb.string(t, CODE_CUSTOM, MAX_STRING);
    }

    // Buffers: appended (offset/size) data must lie inside the file.
    long buffers = fb.vector(model, MODEL_BUFFERS);
    long bufferCount = buffers < 0 ? 0 : bounded(fb.length(buffers, 4), "buffers");
    for (long i = 0; i < bufferCount; i++) {
      if ((i & 4095) == 0) ctx.checkDeadline();
      long b = fb.tableAt(buffers, i);
      long data = fb.vector(b, BUFFER_DATA);
      if (data >= 0) fb.length(data, 1);
      long offset = fb.u64Field(b, BUFFER_OFFSET, 0);
      long size = fb.u64Field(b, BUFFER_SIZE, 0);
      if (offset > 1 && (offset < 0 || size < 0 || offset > fb.size() || size > fb.size() - offset)) {
        ctx.report(
            "tflite.buffer-out-of-range",
            b,
            "Buffer " + i + " claims " + Long.toUnsignedString(size) + " bytes at offset " + Long.toUnsignedString(offset)
                + ", beyond the end of the " + fb.size() + "-byte file. Runtimes that trust these fields read out of bounds.",
            "buffer=" + i + " offset=" + Long.toUnsignedString(offset) + " size=" + Long.toUnsignedString(size));
      }
    }

    // Subgraphs: count operator uses per opcode and check indices.
    long[] uses = new long[codeCount];
    long subgraphs = fb.vector(model, MODEL_SUBGRAPHS);
    long subgraphCount = subgraphs < 0 ? 0 : bounded(fb.length(subgraphs, 4), "subgraphs");
    boolean badOpcode = false;
    boolean badBuffer = false;
    long visited = 0;
    for (long s = 0; s < subgraphCount; s++) {
      long sg = fb.tableAt(subgraphs, s);
      String sgName = fb.string(sg, SUBGRAPH_NAME, MAX_STRING);
      long tensors = fb.vector(sg, SUBGRAPH_TENSORS);
      long tensorCount = tensors < 0 ? 0 : bounded(fb.length(tensors, 4), "tensors");
      for (long t = 0; t < tensorCount; t++) {
        if ((++visited & 4095) == 0) ctx.checkDeadline();
        long tensor = fb.tableAt(tensors, t);
        long buf = fb.u32Field(tensor, TENSOR_BUFFER, 0);
        if (buf >= bufferCount && buf != 0 && !badBuffer) {
          badBuffer = true;
          ctx.report("tflite.malformed-structure", tensor, "Tensor " + t + " of subgraph " + s + " refers to buffer " + buf + ", but the model has only " + bufferCount + ".", "buffer=" + buf);
        }
      }
      long ops = fb.vector(sg, SUBGRAPH_OPERATORS);
      long opCount = ops < 0 ? 0 : bounded(fb.length(ops, 4), "operators");
      for (long o = 0; o < opCount; o++) {
        if ((++visited & 4095) == 0) ctx.checkDeadline();
        long op = fb.tableAt(ops, o);
        long index = fb.u32Field(op, OPERATOR_OPCODE, 0);
        if (index >= codeCount) {
          if (!badOpcode) {
            badOpcode = true;
            ctx.report(
                "tflite.malformed-structure",
                op,
                "Operator " + o + " of subgraph " + (sgName == null ? s : "'" + sgName + "'") + " uses opcode " + index + ", but the model defines only "
                    + codeCount + " operator codes.",
                "opcode_index=" + index);
          }
          continue;
        }
        uses[(int) index]++;
      }
    }

    for (int i = 0; i < codeCount; i++) checkCode(ctx, builtin[i], custom[i], uses[i], codeOffset[i]);
    checkMetadata(ctx, fb, model, bufferCount, buffers);
  }

  private void checkCode(ScanContext ctx, int builtin, String custom, long uses, long offset) {
    if (builtin > MAX_KNOWN_BUILTIN || builtin < 0) {
      ctx.report("tflite.absurd-structure", offset, "An operator code uses builtin operator " + builtin + ", which no TFLite release defines.", "builtin_code=" + builtin);
      return;
    }
    if (builtin != CUSTOM || uses == 0) return;
    String used = uses == 1 ? "once" : uses + " times";
    if (custom == null || custom.isEmpty()) {
      ctx.report("tflite.custom-op", offset, "A custom operator without a name is used " + used + "; it needs a native kernel registered by the application.", "custom_code=");
      return;
    }
    if (custom.startsWith("Flex")) {
      String tfOp = custom.substring(4);
      TfOpCatalog.Danger d = TfOpCatalog.get().danger(tfOp);
      if (d != null) {
        ctx.report(
            "tflite.flex-dangerous-op",
            d.severity(),
            offset,
            "Flex op " + custom + " (used " + used + ") runs TensorFlow's " + tfOp + " through the Select-TF-ops delegate: " + d.reason() + ".",
            custom + " (TF op " + tfOp + ")");
      } else if (TfOpCatalog.get().isKnown(tfOp)) {
        ctx.report("tflite.flex-op", offset, "Flex op " + custom + " runs TensorFlow's " + tfOp + " through the Select-TF-ops delegate (needs the TensorFlow Flex runtime).", custom);
      } else {
        ctx.report("tflite.flex-unknown-op", offset, "Flex op " + custom + " (used " + used + ") names TensorFlow op '" + tfOp + "', which ModelVet does not recognise; it may be a custom TensorFlow op needing its own kernel library.", custom);
      }
      return;
    }
    if (Reviewed.KNOWN_CUSTOM.contains(custom)) {
      ctx.report("tflite.known-custom-op", offset, "Custom op " + custom + " (used " + used + ") ships with the TFLite runtime or MediaPipe.", custom);
      return;
    }
    ctx.report(
        "tflite.custom-op",
        offset,
        "Custom op '" + custom + "' is used " + used + ". The TFLite runtime has no kernel for it: the application must register a"
            + " native implementation supplied with the model, which runs with the application's privileges.",
        custom);
  }

  private void checkMetadata(ScanContext ctx, FlatReader fb, long model, long bufferCount, long buffers) throws IOException {
    long metadata = fb.vector(model, MODEL_METADATA);
    long count = metadata < 0 ? 0 : bounded(fb.length(metadata, 4), "metadata");
    for (long i = 0; i < count; i++) {
      long m = fb.tableAt(metadata, i);
      String name = fb.string(m, METADATA_NAME, MAX_STRING);
      long buf = fb.u32Field(m, METADATA_BUFFER, 0);
      if (buf >= bufferCount) {
        ctx.report("tflite.malformed-structure", m, "Metadata '" + name + "' refers to buffer " + buf + ", but the model has only " + bufferCount + ".", "buffer=" + buf);
        continue;
      }
      long data = fb.vector(fb.tableAt(buffers, buf), BUFFER_DATA);
      if (data < 0) continue;
      long n = fb.length(data, 1);
      if (n > 0 && n <= METADATA_CHECK_LIMIT) {
        PayloadChecks.checkBytes(ctx, ctx.source().readFully(data + 4, (int) n), "metadata '" + name + "'", data + 4);
      }
    }
  }

  private static long bounded(long n, String what) throws MalformedException {
    if (n > MAX_VECTOR) throw new MalformedException("more than " + MAX_VECTOR + " " + what);
    return n;
  }
}
