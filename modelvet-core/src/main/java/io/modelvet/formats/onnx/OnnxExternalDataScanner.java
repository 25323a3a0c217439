package io.modelvet.formats.onnx;

import io.modelvet.engine.BudgetExceededException;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.onnx.OnnxModel.TensorInfo;
import io.modelvet.formats.text.TextScanner;
import io.modelvet.io.ByteSource;
import io.modelvet.io.FileByteSource;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * External-data files of ONNX models ({@code model.onnx.data}, {@code weights.bin}): raw tensor
 * bytes with no magic number. Content alone cannot identify them, so this scanner makes the
 * weakest possible claim (confidence 1) on binary content no other scanner recognised, and then
 * accepts the file only when an ONNX model next to it (same folder or the folder above) names it
 * in a tensor's {@code external_data} location. The bytes are never interpreted. Anything else is
 * reported exactly as the engine reports unrecognised content: format {@code unknown},
 * inconclusive.
 */
public final class OnnxExternalDataScanner implements Scanner {
  static final String FORMAT = "onnx-external-data";
  static final String UNRECOGNISED = "content not recognised as a supported model format";
  private static final int MAX_FOLDER_ENTRIES = 4096;
  /** The ONNX sniff only needs the leading fields; a short head keeps folder listings cheap. */
  private static final int SNIFF_BYTES = 4096;
  private static final int MAX_MODELS_PER_FOLDER = 16;
  private static final int CACHE = 64;
  private static final Map<String, Set<Path>> REFERENCED =
      new LinkedHashMap<>(CACHE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<Path>> eldest) {
          return size() > CACHE;
        }
      };

  /** Names ONNX exporters give external tensor files. */
  @Override
  public java.util.Set<String> extensions() {
    return java.util.Set.of("bin", "data", "onnx_data", "weights");
  }

  /** "unknown" so that reports about unreferenced files read as they would without this scanner. */
  @Override
  public String format() {
    return "unknown";
  }

  @Override
  public int sniff(Head head) {
    if (head.size() == 0 || TextScanner.looksLikeText(head.bytes(), head.size() <= head.length())) return 0;
    return 1;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    Path self = fileOnDisk(ctx);
    if (self != null) {
      Path folder = self.getParent();
      for (Path modelFolder : new Path[] {folder, folder == null ? null : folder.getParent()}) {
        if (modelFolder != null && referencedFrom(ctx, modelFolder).contains(self)) {
          ctx.setFormat(FORMAT);
          return;
        }
      }
    }
    ctx.setFormat("unknown");
    ctx.inconclusive(UNRECOGNISED);
  }

  private static Path fileOnDisk(ScanContext ctx) {
    if (ctx.depth() != 0) return null;
    try {
      Path p = Path.of(ctx.path()).toAbsolutePath().normalize();
      return Files.isRegularFile(p) ? p : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /** Absolute paths of the external-data files the ONNX models in {@code folder} reference. */
  private static Set<Path> referencedFrom(ScanContext ctx, Path folder) throws IOException {
    String key = folder + "|" + Files.getLastModifiedTime(folder).toMillis();
    synchronized (REFERENCED) {
      Set<Path> cached = REFERENCED.get(key);
      if (cached != null) return cached;
    }
    Set<Path> refs = new HashSet<>();
    OnnxScanner onnx = new OnnxScanner();
    int entries = 0;
    int models = 0;
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder)) {
      for (Path p : dir) {
        if (++entries > MAX_FOLDER_ENTRIES || models >= MAX_MODELS_PER_FOLDER) break;
        if (!Files.isRegularFile(p)) continue;
        try (ByteSource src = new FileByteSource(p)) {
          Head head = new Head(src.head(SNIFF_BYTES), src.size(), p.getFileName().toString(), src);
          if (onnx.sniff(head) == 0) continue;
          models++;
          OnnxModel model = new OnnxParser(src, ctx.budgets().maxOperandBytes(), ctx::checkDeadline).parse();
          for (TensorInfo t : model.tensors) {
            String location = t.external().get("location");
            if (location == null || OnnxAnalyzer.pathProblem(location) != null) continue;
            try {
              refs.add(folder.resolve(location).toAbsolutePath().normalize());
            } catch (InvalidPathException e) {
              // not a usable reference
            }
          }
        } catch (BudgetExceededException e) {
          throw e;
        } catch (IOException e) {
          // a broken neighbour is reported on its own; it just vouches for nothing here
        }
      }
    }
    synchronized (REFERENCED) {
      REFERENCED.put(key, refs);
    }
    return refs;
  }
}
