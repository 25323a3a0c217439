package io.modelvet.formats.onnx;

import io.modelvet.engine.ScanContext;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.formats.onnx.OnnxModel.OpKey;
import io.modelvet.formats.onnx.OnnxModel.OpUse;
import io.modelvet.formats.onnx.OnnxModel.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns an {@link OnnxModel} into findings: operators outside the standard and runtime-shipped
 * sets, external-data references that leave the model folder (CVE-2022-25882, CVE-2024-27318,
 * CVE-2025-51480) or do not fit their file, impossible tensor sizes, and payloads in metadata and doc strings.
 */
final class OnnxAnalyzer {
  /** More dimensions than any real tensor has; ONNX Runtime's own kernels stop well before this. */
  static final int ABSURD_DIMS = 32;

  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
  private static final Pattern SEPARATORS = Pattern.compile("[/\\\\]");

  private final ScanContext ctx;
  private final OnnxModel model;
  private final OnnxOpCatalog catalog = OnnxOpCatalog.get();
  private final Path modelFolder;

  OnnxAnalyzer(ScanContext ctx, OnnxModel model) {
    this.ctx = ctx;
    this.model = model;
    this.modelFolder = modelFolderOnDisk(ctx);
  }

  void analyse() throws IOException {
    checkOperators();
    checkOpsets();
    for (TensorInfo t : model.tensors) {
      if (t.externalLocation() || !t.external().isEmpty()) checkExternal(t);
      checkShape(t);
    }
    for (OnnxModel.Metadata m : model.metadata) {
      PayloadChecks.checkInertText(ctx, m.value(), m.where(), m.offset());
    }
  }

  private void checkOperators() {
    List<String> contrib = new ArrayList<>();
    for (Map.Entry<OpKey, OpUse> e : model.ops.entrySet()) {
      OpKey op = e.getKey();
      OpUse use = e.getValue();
      String uses = use.count == 1 ? "once" : use.count + " times";
      if (model.localFunctions.contains(op)) continue; // its body is walked like any graph
      if (catalog.isStandardDomain(op.domain())) {
        if (!catalog.isStandardOp(op.domain(), op.opType())) {
          ctx.report(
              "onnx.unknown-standard-op",
              use.firstOffset,
              "Operator " + op.display() + " is used " + uses + " (first in " + use.firstWhere + ") but the ONNX specification"
                  + " defines no such operator in " + (op.domain().isEmpty() ? "the default domain" : op.domain())
                  + "; it only loads if a custom-op library registers it, and that library is native code.",
              op.display());
        }
      } else if (catalog.isRuntimeContribDomain(op.domain())) {
        if (catalog.isReviewedContribOp(op.domain(), op.opType())) {
          contrib.add(op.display());
        } else {
          ctx.report(
              "onnx.unreviewed-contrib-op",
              use.firstOffset,
              "Operator " + op.display() + " (used " + uses + ", first in " + use.firstWhere + ") claims ONNX Runtime's contrib"
                  + " domain but is not in ModelVet's reviewed list of ops ONNX Runtime ships; it may be newer than the list"
                  + " or a custom op posing as a built-in one.",
              op.display());
        }
      } else {
        ctx.report(
            "onnx.custom-op-domain",
            use.firstOffset,
            "Operator " + op.display() + " (used " + uses + ", first in " + use.firstWhere + ") comes from the custom domain '"
                + op.domain() + "'. No standard runtime implements it: loading the model needs a native custom-op library"
                + " supplied with it, which runs with the application's privileges.",
            op.display());
      }
    }
    if (!contrib.isEmpty()) {
      ctx.report(
          "onnx.runtime-contrib-ops",
          -1,
          "The model uses operators ONNX Runtime ships in its contrib domain (" + contrib.size()
              + "): it needs ONNX Runtime, but no extra library.",
          String.join(", ", new TreeSet<>(contrib)));
    }
  }

  /**
   * Operator versions against the declared opset imports: an imported standard-domain version that
   * no onnx release defines, a graph node whose domain is not imported, and an operator the imported
   * version does not define yet. Runtimes and the onnx checker refuse such models. Nodes of
   * model-local functions follow the function's own imports and are not checked here.
   */
  private void checkOpsets() {
    for (Map.Entry<String, Long> e : model.opsets.entrySet()) {
      long highest = catalog.highestOpset(e.getKey());
      long v = e.getValue();
      if (highest > 0 && (v < 1 || v > highest))
        ctx.report("onnx.opset-version-unknown", -1,
            "The model imports version " + v + " of " + domainName(e.getKey()) + ", but released onnx versions define 1 to " + highest
                + ". Runtimes refuse it (or guess); exporters write released versions only.",
            "opset_import " + (e.getKey().isEmpty() ? "ai.onnx" : e.getKey()) + "=" + v + "; highest released " + highest);
    }
    if (model.irVersion < 3) return; // before IR version 3 the default domain needed no import
    for (Map.Entry<OpKey, OpUse> e : model.graphOps.entrySet()) {
      OpKey op = e.getKey();
      OpUse use = e.getValue();
      Long imported = model.opsets.get(op.domain());
      if (imported == null) {
        ctx.report("onnx.opset-missing", use.firstOffset,
            "Operator " + op.display() + " (first in " + use.firstWhere + ") comes from " + domainName(op.domain())
                + ", which the model does not import (no opset_import entry). Runtimes refuse the model.",
            op.display() + "; opset_import: " + imports());
        continue;
      }
      int first = catalog.firstOpset(op.domain(), op.opType());
      if (first > 0 && imported < first && imported <= catalog.highestOpset(op.domain()))
        ctx.report("onnx.op-not-in-opset", use.firstOffset,
            "Operator " + op.display() + " (first in " + use.firstWhere + ") exists only from version " + first + " of "
                + domainName(op.domain()) + ", but the model imports version " + imported + ". Runtimes refuse it unless a custom-op library registers it.",
            op.display() + " since " + first + "; imported " + imported);
    }
  }

  /** The opset imports as {@code domain=version, ...} (ai.onnx for the default domain). */
  private String imports() {
    StringBuilder b = new StringBuilder();
    model.opsets.forEach((d, v) -> b.append(b.length() > 0 ? ", " : "").append(d.isEmpty() ? "ai.onnx" : d).append('=').append(v));
    return b.length() == 0 ? "none" : b.toString();
  }

  private static String domainName(String domain) {
    return domain.isEmpty() ? "the default domain ai.onnx" : "domain '" + domain + "'";
  }

  private void checkExternal(TensorInfo t) throws IOException {
    String location = t.external().get("location");
    if (location == null || location.isEmpty()) {
      ctx.report("onnx.external-data-invalid", t.offset(), "Tensor " + t.where() + " declares external data without a location.", null);
      return;
    }
    String problem = pathProblem(location);
    if (problem != null) {
      ctx.report(
          "onnx.external-data-path-traversal",
          t.offset(),
          "Tensor " + t.where() + " reads its data from '" + location + "', " + problem + ". ONNX loaders before the fixes for"
              + " CVE-2022-25882, CVE-2024-27318 and CVE-2025-51480 follow such paths, so loading (or re-saving) the model"
              + " reads or overwrites files outside the model folder.",
          "location=" + location);
      return;
    }
    long offset = parseNumber(t, "offset");
    long length = parseNumber(t, "length");
    if (offset < -1 || length < -1) return;
    long size;
    if (modelFolder != null) {
      size = sizeOnDisk(t, location);
    } else if (ctx.folder() != null) {
      size = ctx.folder().size(location); // a remote repository: the listing says what is next to the model
      if (size < 0) reportMissing(t, location);
    } else {
      return; // no folder (archive member, upload): only the syntax can be checked
    }
    if (size < 0) return;
    checkRange(t, location, size, offset, length);
  }

  private void reportMissing(TensorInfo t, String location) {
    ctx.report(
        "onnx.external-data-missing",
        t.offset(),
        "Tensor " + t.where() + " reads its data from '" + location + "', which is not next to the model; the model cannot"
            + " be loaded as shipped.",
        "location=" + location);
  }

  /** The size of the external file on disk, or -1 after reporting why it cannot be used. */
  private long sizeOnDisk(TensorInfo t, String location) throws IOException {
    Path target;
    try {
      target = modelFolder.resolve(location).normalize();
    } catch (InvalidPathException e) {
      ctx.report("onnx.external-data-invalid", t.offset(), "Tensor " + t.where() + " has an external-data location that is not a valid path: " + e.getMessage(), "location=" + location);
      return -1;
    }
    if (!Files.exists(target)) {
      reportMissing(t, location);
      return -1;
    }
    Path real = target.toRealPath();
    if (!real.startsWith(modelFolder.toRealPath())) {
      ctx.report(
          "onnx.external-data-path-traversal",
          t.offset(),
          "Tensor " + t.where() + " reads its data from '" + location + "', which resolves through a link to " + real
              + ", outside the model folder.",
          "location=" + location + " -> " + real);
      return -1;
    }
    if (!Files.isRegularFile(real)) {
      ctx.report("onnx.external-data-invalid", t.offset(), "Tensor " + t.where() + " reads its data from '" + location + "', which is not a regular file.", "location=" + location);
      return -1;
    }
    return Files.size(real);
  }

  /** Checks that the declared offset and length fit in the external file. */
  private void checkRange(TensorInfo t, String location, long size, long offset, long length) {
    long start = Math.max(0, offset);
    long need = length >= 0 ? length : expectedBytes(t);
    if (start > size || (need >= 0 && need > size - start)) {
      ctx.report(
          "onnx.external-data-out-of-range",
          t.offset(),
          "Tensor " + t.where() + " reads " + (need >= 0 ? need + " bytes" : "data") + " at offset " + start + " of '" + location
              + "', but that file has only " + size + " bytes: the reference is impossible and the model cannot load as shipped.",
          "location=" + location + " offset=" + start + (need >= 0 ? " length=" + need : "") + " file size=" + size);
    } else if (length >= 0 && expectedBytes(t) >= 0 && expectedBytes(t) != length) {
      ctx.report(
          "onnx.tensor-size-mismatch",
          t.offset(),
          "Tensor " + t.where() + " declares " + expectedBytes(t) + " bytes from its shape and type, but its external data"
              + " length is " + length + ".",
          "dims=" + dimsText(t) + " data_type=" + t.dataType() + " length=" + length);
    }
  }

  private long parseNumber(TensorInfo t, String key) {
    String v = t.external().get(key);
    if (v == null) return -1;
    try {
      long n = Long.parseLong(v.strip());
      if (n >= 0) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    ctx.report("onnx.external-data-invalid", t.offset(), "Tensor " + t.where() + " has an invalid external-data " + key + " '" + v + "'.", key + "=" + v);
    return -2;
  }

  /** Why a location may escape the model folder, or null when it is a plain relative path. */
  static String pathProblem(String location) {
    if (location.indexOf('\0') >= 0) return "a path with a NUL byte that truncates it in native code";
    if (location.startsWith("/") || location.startsWith("\\")) return "an absolute path";
    if (DRIVE.matcher(location).matches()) return "a path with a Windows drive letter";
    if (location.startsWith("~")) return "a path relative to a home folder";
    for (String part : SEPARATORS.split(location)) if (part.equals("..")) return "a path that climbs out of the model folder with '..'";
    return null;
  }

  private void checkShape(TensorInfo t) {
    if (t.dimCount() > ABSURD_DIMS) {
      ctx.report(
          "onnx.absurd-structure",
          t.offset(),
          "Tensor " + t.where() + " declares " + t.dimCount() + " dimensions; real models use a handful. Hostile shapes"
              + " aim at integer overflows in loaders.",
          "dims=" + t.dimCount());
      return;
    }
    for (long d : t.dims()) {
      if (d < 0) {
        ctx.report("onnx.tensor-size-mismatch", t.offset(), "Tensor " + t.where() + " has a negative dimension " + d + ", which is impossible for stored data.", "dims=" + dimsText(t));
        return;
      }
    }
    if (t.rawLength() < 0) return;
    long expected = expectedBytes(t);
    if (expected == -2 || (expected >= 0 && expected != t.rawLength())) {
      ctx.report(
          "onnx.tensor-size-mismatch",
          t.offset(),
          "Tensor " + t.where() + " declares " + (expected == -2 ? "more bytes than fit in 64 bits" : expected + " bytes")
              + " from its shape and type, but carries " + t.rawLength() + " bytes of raw data (the file has "
              + ctx.source().size() + "). Loaders that trust the shape read past the buffer.",
          "dims=" + dimsText(t) + " data_type=" + t.dataType() + " raw_data=" + t.rawLength());
    }
  }

  /** Bytes the shape and type imply; -1 when the type has no fixed size, -2 on overflow. */
  static long expectedBytes(TensorInfo t) {
    int bits = elementBits(t.dataType());
    if (bits <= 0 || t.dimCount() > ABSURD_DIMS) return -1;
    long count = 1;
    for (long d : t.dims()) {
      if (d < 0) return -1;
      if (d != 0 && count > Long.MAX_VALUE / 8 / d) return -2;
      count *= d;
    }
    return bits >= 8 ? count * (bits / 8) : (count * bits + 7) / 8;
  }

  /** Element size in bits of an ONNX TensorProto.DataType, or 0 when variable (strings) or unknown. */
  static int elementBits(int dataType) {
    return switch (dataType) {
      case 2, 3, 9, 17, 18, 19, 20 -> 8; // uint8, int8, bool, float8 variants
      case 4, 5, 10, 16 -> 16; // uint16, int16, float16, bfloat16
      case 1, 6, 12 -> 32; // float, int32, uint32
      case 7, 11, 13, 14 -> 64; // int64, double, uint64, complex64
      case 15 -> 128; // complex128
      case 21, 22, 23 -> 4; // uint4, int4, float4e2m1
      default -> 0;
    };
  }

  private static String dimsText(TensorInfo t) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < t.dims().length; i++) sb.append(i > 0 ? "," : "").append(t.dims()[i]);
    if (t.dimCount() > t.dims().length) sb.append(",...");
    return sb.append(']').toString();
  }

  /** The folder holding the model when it is a real file given to the scan, else null. */
  private static Path modelFolderOnDisk(ScanContext ctx) {
    if (ctx.depth() != 0) return null;
    try {
      Path p = Path.of(ctx.path());
      if (!Files.isRegularFile(p) || Files.size(p) != ctx.source().size()) return null;
      Path parent = p.toAbsolutePath().getParent();
      return parent == null ? null : parent.normalize();
    } catch (InvalidPathException | IOException e) {
      return null;
    }
  }
}
