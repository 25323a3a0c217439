package io.modelvet.formats.keras;

import com.fasterxml.jackson.databind.JsonNode;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.modelvet.engine.BudgetExceededException;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.formats.common.JsonSupport;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * HDF5 files, and Keras models saved in them ({@code model.save("m.h5")}). Opened with jHDF over
 * the engine's byte source (files and archive members alike, nothing extracted), reading only the
 * superblock, object headers and attributes, never tensor data. When the root carries Keras's
 * {@code model_config} / {@code training_config} JSON the format becomes {@code keras-h5} and the
 * configs go through {@link KerasConfigAnalyzer}; Keras loads HDF5 models without safe_mode
 * (CVE-2025-9905). Plain weight files ({@code model.weights.h5}) stay {@code hdf5} and clean.
 */
public final class KerasH5Scanner implements Scanner {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  /** Most groups whose attributes are checked for payloads. */
  static final int MAX_GROUPS = 5_000;

  /** Deepest group nesting walked (hard links can form cycles). */
  static final int MAX_GROUP_DEPTH = 16;

  /**
   * Most bytes read from one HDF5 file: headers and attributes only, never tensor data. A small
   * file gets a smaller cap ({@link #metadataCap}): metadata read many times over its own size
   * means a structure that makes the reader go round (links shared between groups, lying sizes).
   */
  static final long MAX_METADATA_BYTES = 256L << 20;

  /** Metadata bytes a file of {@code size} bytes may make the reader ask for. */
  static long metadataCap(long size) {
    return Math.min(MAX_METADATA_BYTES, (4L << 20) + 64 * size);
  }

  @Override
  public String format() {
    return "hdf5";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("h5", "hdf5", "he5");
  }

  @Override
  public int sniff(Head head) {
    // HDF5 puts the superblock at 0 or at 512, 1024, 2048... after a user block.
    for (long off = 0; off + SIGNATURE.length <= head.length(); off = off == 0 ? 512 : off * 2)
      if (head.startsWith((int) off, SIGNATURE)) return 95;
    return 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    // Not closed: the engine owns the source, and jHDF's close() of a file opened from a channel
    // fails looking for a path. Without a path jHDF cannot open external links either.
    try {
      HdfFile hdf = Hdf5Files.open(new Hdf5Channel(metadataChannel(ctx, metadataCap(ctx.source().size()))));
      String modelConfig = stringAttribute(hdf, "model_config");
      String trainingConfig = stringAttribute(hdf, "training_config");
      if (modelConfig != null || trainingConfig != null) ctx.setFormat("keras-h5"); // weights-only files stay hdf5
      if (modelConfig != null) analyse(ctx, modelConfig, "model_config");
      if (trainingConfig != null) analyse(ctx, trainingConfig, "training_config");
      checkAttributes(ctx, hdf);
    } catch (RuntimeException e) {
      // jHDF signals malformed files with unchecked exceptions (HdfException, buffer errors) and
      // wraps the channel's own budget failures in them.
      for (Throwable t = e; t != null; t = t.getCause())
        if (t instanceof BudgetExceededException b) throw b;
      for (Throwable t = e; t != null; t = t.getCause()) // our own checks say best what was wrong
        if (t instanceof MalformedException m) throw new MalformedException("HDF5 structure could not be read: " + m.getMessage());
      throw new MalformedException("HDF5 structure could not be read: " + e.getMessage());
    }
  }

  private static void analyse(ScanContext ctx, String json, String where) throws IOException {
    JsonNode root = JsonSupport.readTree(ctx.budgets(), json);
    KerasConfigAnalyzer.analyze(ctx, root, where, true);
  }

  /** A root attribute as text (variable-length or fixed-length string, or bytes), or null. */
  static String stringAttribute(Node node, String name) {
    Attribute a = node.getAttribute(name);
    if (a == null) return null;
    Object data = a.getData();
    if (data instanceof String s) return s;
    if (data instanceof String[] arr && arr.length == 1) return arr[0];
    if (data instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
    return null;
  }

  /**
   * Passes string attributes of groups (bounded walk) to the payload checks. Each group is visited
   * once, by its object address: hard links may share a group between many parents, and a walk of
   * the paths rather than the groups grows exponentially with depth.
   */
  private static void checkAttributes(ScanContext ctx, HdfFile hdf) throws IOException {
    Deque<Map.Entry<Group, Integer>> work = new ArrayDeque<>();
    work.push(Map.entry(hdf, 0));
    Set<Long> visited = new HashSet<>();
    int groups = 0;
    while (!work.isEmpty()) {
      ctx.checkDeadline();
      Map.Entry<Group, Integer> e = work.pop();
      Group g = e.getKey();
      if (!visited.add(g.getAddress())) continue;
      if (++groups > MAX_GROUPS) return;
      for (Map.Entry<String, Attribute> a : g.getAttributes().entrySet()) {
        if (g == hdf && (a.getKey().equals("model_config") || a.getKey().equals("training_config"))) continue;
        Object data = a.getValue().getData();
        if (data instanceof String s) PayloadChecks.checkString(ctx, s, g.getPath() + "@" + a.getKey(), -1);
      }
      if (e.getValue() >= MAX_GROUP_DEPTH) continue;
      for (Node child : g.getChildren().values())
        if (child instanceof Group cg && !child.isLink()) work.push(Map.entry(cg, e.getValue() + 1));
    }
  }

  /**
   * A channel for jHDF over the file's bytes: every read checks the time budget and counts against
   * a cap on metadata bytes, so a hostile structure that makes the HDF5 reader loop or re-read
   * endlessly is stopped.
   */
  static io.modelvet.io.ByteSourceChannel metadataChannel(ScanContext ctx, long maxBytesRead) {
    long[] read = {0};
    return new io.modelvet.io.ByteSourceChannel(
        ctx.source(),
        bytes -> {
          ctx.checkDeadline();
          read[0] += bytes;
          if (read[0] > maxBytesRead)
            throw new io.modelvet.engine.BudgetExceededException(
                "HDF5 metadata reads passed " + maxBytesRead + " bytes; the structure looks hostile");
        });
  }
}
