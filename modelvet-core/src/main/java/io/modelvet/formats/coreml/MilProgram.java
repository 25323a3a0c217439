package io.modelvet.formats.coreml;

import io.modelvet.engine.FolderView;
import io.modelvet.engine.ScanContext;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.ReviewedList;
import io.modelvet.formats.common.proto.ProtoReader;
import io.modelvet.io.ByteSource;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One ML Program ({@code Model.mlProgram}, coremltools' {@code MIL.proto}): functions → block
 * specializations → operations, with the nested blocks of control-flow operations. Each
 * operation's {@code type} is checked against the MIL standard op set ({@code coreml/mil-ops.tsv});
 * {@code custom_layer} operations (how coremltools writes custom ops) name the app class in their
 * {@code class_name} attribute. Constants stored in the weight file ({@code BlobFileValue}: file
 * name and metadata offset) are collected; their file must stay inside the package, and when the
 * model's folder is visible each offset must point at a blob header of that file.
 */
final class MilProgram {
  private static final int LEN = ProtoReader.LEN;
  private static final Set<String> KNOWN_OPS =
      ReviewedList.load("/io/modelvet/coreml/mil-ops.tsv", 2, 1).stream().map(r -> r[0]).collect(Collectors.toUnmodifiableSet());
  private static final String CUSTOM = "custom_layer";
  private static final String MODEL_PATH = "@model_path/";
  private static final int MAX_DEPTH = 64;
  private static final int MAX_STRING = 1 << 16;
  private static final int MAX_REFERENCES = 200_000;
  private static final int MAX_BLOBS = 1 << 18;
  /** Distinct unknown op types and weight file names kept (each is reported once). */
  private static final int MAX_DISTINCT = 1_000;

  private final ScanContext ctx;
  private final CappedReports reports;
  private final String where;
  private final Map<String, Integer> unknown = new LinkedHashMap<>();
  private final Map<String, Set<Long>> blobs = new LinkedHashMap<>();
  private int references;
  private long operations;

  MilProgram(ScanContext ctx, CappedReports reports, String where) {
    this.ctx = ctx;
    this.reports = reports;
    this.where = where;
  }

  /** Program: functions = 2 (map entry: key 1, Function 2). */
  void read(ProtoReader program) throws IOException {
    while (program.next()) {
      if (program.field() == 2 && program.wireType() == LEN) program.message(entry -> mapValue(entry, this::function));
      else program.skip();
    }
    finish();
  }

  /** Function: block_specializations = 3 (map entry: opset name 1, Block 2). */
  private void function(ProtoReader f) throws IOException {
    while (f.next()) {
      if (f.field() == 3 && f.wireType() == LEN) f.message(entry -> mapValue(entry, b -> block(b, 0)));
      else f.skip();
    }
  }

  /** Block: operations = 3. */
  private void block(ProtoReader b, int depth) throws IOException {
    if (depth > MAX_DEPTH) throw new MalformedException("ML Program blocks nested deeper than " + MAX_DEPTH);
    while (b.next()) {
      if (b.field() == 3 && b.wireType() == LEN) b.message(o -> operation(o, depth));
      else b.skip();
    }
  }

  /** Operation: type = 1, inputs = 2 (map of Argument), blocks = 4, attributes = 5 (map of Value). */
  private void operation(ProtoReader o, int depth) throws IOException {
    if ((++operations & 0xfff) == 0) ctx.checkDeadline();
    String type = "";
    Map<String, String> strings = new LinkedHashMap<>();
    while (o.next()) {
      if (o.wireType() != LEN) {
        o.skip();
        continue;
      }
      switch (o.field()) {
        case 1 -> type = o.readString(MAX_STRING);
        case 2 -> o.message(entry -> mapValue(entry, this::argument));
        case 4 -> o.message(b -> block(b, depth + 1));
        case 5 -> o.message(entry -> attribute(entry, strings));
        default -> o.skip();
      }
    }
    if (type.equals(CUSTOM)) {
      String className = strings.getOrDefault("class_name", "");
      String description = strings.getOrDefault("description", "");
      reports.report("coreml.custom-layer", -1, "An operation of the " + where + "'s ML Program is a custom layer implemented by the class \"" + className
          + "\". Core ML calls that class, which the app must ship (code outside the model); review it before integrating the model." + (description.isEmpty() ? "" : " Its description: " + description), "className=" + className);
    } else if (!KNOWN_OPS.contains(type) && (unknown.size() < MAX_DISTINCT || unknown.containsKey(type))) {
      unknown.merge(type, 1, Integer::sum);
    }
  }

  /** Argument: arguments = 1, each a Binding (name = 1 or value = 2). */
  private void argument(ProtoReader a) throws IOException {
    while (a.next()) {
      if (a.field() == 1 && a.wireType() == LEN)
        a.message(binding -> {
          while (binding.next()) {
            if (binding.field() == 2 && binding.wireType() == LEN) binding.message(v -> value(v, null));
            else binding.skip();
          }
        });
      else a.skip();
    }
  }

  /** An attribute map entry: key = 1, Value = 2; string scalars are kept for {@code custom_layer}. */
  private void attribute(ProtoReader entry, Map<String, String> strings) throws IOException {
    String key = "";
    while (entry.next()) {
      if (entry.field() == 1 && entry.wireType() == LEN) key = entry.readString(MAX_STRING);
      else if (entry.field() == 2 && entry.wireType() == LEN) {
        StringBuilder text = new StringBuilder();
        entry.message(v -> value(v, text));
        if (!text.isEmpty() && strings.size() < 64) strings.put(key, text.toString());
      } else entry.skip();
    }
  }

  /**
   * Value: immediateValue = 3 (ImmediateValue.tensor = 1 → TensorValue.strings = 4 → values = 1),
   * blobFileValue = 5 (fileName = 1, offset = 2). The first immediate string goes to {@code text}.
   */
  private void value(ProtoReader v, StringBuilder text) throws IOException {
    while (v.next()) {
      if (v.field() == 5 && v.wireType() == LEN) v.message(this::blobFile);
      else if (v.field() == 3 && v.wireType() == LEN && text != null) v.message(imm -> nested(imm, new int[] {1, 4, 1}, 0, text));
      else v.skip();
    }
  }

  private void nested(ProtoReader m, int[] path, int level, StringBuilder text) throws IOException {
    while (m.next()) {
      if (m.field() != path[level] || m.wireType() != LEN) m.skip();
      else if (level == path.length - 1) {
        if (text.isEmpty()) text.append(m.readString(MAX_STRING));
        else m.skip();
      } else m.message(inner -> nested(inner, path, level + 1, text));
    }
  }

  private void blobFile(ProtoReader b) throws IOException {
    String file = "";
    long offset = -1;
    while (b.next()) {
      if (b.field() == 1 && b.wireType() == LEN) file = b.readString(MAX_STRING);
      else if (b.field() == 2 && b.wireType() == ProtoReader.VARINT) offset = b.readVarint();
      else b.skip();
    }
    if (blobs.size() >= MAX_DISTINCT && !blobs.containsKey(file)) return;
    Set<Long> offsets = blobs.computeIfAbsent(file, k -> new LinkedHashSet<>());
    if (references < MAX_REFERENCES && offsets.add(offset)) references++;
  }

  /** Reads a map entry's value (field 2) with {@code body}; the key is not needed. */
  private static void mapValue(ProtoReader entry, ProtoReader.MessageBody body) throws IOException {
    while (entry.next()) {
      if (entry.field() == 2 && entry.wireType() == LEN) entry.message(body);
      else entry.skip();
    }
  }

  private void finish() throws IOException {
    for (Map.Entry<String, Integer> e : unknown.entrySet())
      reports.report("coreml.unknown-op", -1, "The " + where + "'s ML Program uses the operator \"" + e.getKey() + "\" (" + e.getValue() + " time(s)), which is not in the MIL standard op set. Core ML has no such built-in: the model targets a newer opset or expects code from outside the model.", e.getKey());
    for (Map.Entry<String, Set<Long>> e : blobs.entrySet()) weights(e.getKey(), e.getValue());
  }

  /** The weight file of some constants: inside the package, and each offset at a blob header. */
  private void weights(String file, Set<Long> offsets) throws IOException {
    String relative = file.startsWith(MODEL_PATH) ? file.substring(MODEL_PATH.length()) : file;
    if (!FolderView.staysInside(relative)) {
      reports.report("coreml.blob-path", -1, offsets.size() + " constant(s) of the " + where + "'s ML Program read their data from \"" + file + "\", a path outside the model package (absolute or with \"..\").", "fileName=" + file);
      return;
    }
    FolderView folder = ctx.folder();
    if (folder == null || folder.size(relative) < MilBlobFile.HEADER) return;
    MilBlobFile.Layout layout;
    try (ByteSource weights = folder.open(relative)) {
      layout = MilBlobFile.read(weights, MAX_BLOBS, ctx);
    }
    if (layout.defect() != null) return; // reported when the weight file itself is scanned
    Set<Long> headers = new HashSet<>();
    for (MilBlobFile.Blob blob : layout.blobs()) headers.add(blob.metadata());
    // Blobs past the kept ones are not known individually: only offsets before the last kept one are judged.
    long judged = layout.blobs().size() < layout.count() ? layout.blobs().get(layout.blobs().size() - 1).metadata() : Long.MAX_VALUE;
    for (long offset : offsets)
      if (Long.compareUnsigned(offset, judged) <= 0 && !headers.contains(offset))
        reports.report("coreml.malformed-weights", -1, "A constant of the " + where + "'s ML Program points at offset " + Long.toUnsignedString(offset) + " of \"" + file + "\", where the weight file has no blob header; Core ML would reject or misread it.", "fileName=" + file + " offset=" + Long.toUnsignedString(offset));
  }
}
