package io.modelvet.formats.onnx;

import io.modelvet.engine.BudgetExceededException;
import io.modelvet.engine.FolderView;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.onnx.OnnxModel.TensorInfo;
import io.modelvet.io.ByteSource;
import java.io.IOException;
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
  private static final Map<String, Set<String>> REFERENCED =
      new LinkedHashMap<>(CACHE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
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
  public int sniffCeiling() {
    return 1;
  }

  @Override
  public int sniff(Head head) {
    if (head.size() == 0 || head.looksLikeText()) return 0;
    return 1;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    FolderView folder = ctx.folder();
    if (folder != null) {
      String self = folder.describe() + "/" + baseName(ctx.path());
      FolderView modelFolder = folder;
      for (int up = 0; up < 2 && modelFolder != null; up++, modelFolder = modelFolder.parent()) {
        if (referencedFrom(ctx, modelFolder).contains(self)) {
          ctx.setFormat(FORMAT);
          return;
        }
      }
    }
    ctx.setFormat("unknown");
    ctx.inconclusive(UNRECOGNISED);
  }

  private static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The files (as {@code folder/relative/path}) that the ONNX models in {@code folder} reference. */
  private static Set<String> referencedFrom(ScanContext ctx, FolderView folder) throws IOException {
    String key = folder.cacheKey();
    synchronized (REFERENCED) {
      Set<String> cached = REFERENCED.get(key);
      if (cached != null) return cached;
    }
    Set<String> refs = new HashSet<>();
    OnnxScanner onnx = new OnnxScanner();
    int models = 0;
    for (String name : folder.files(MAX_FOLDER_ENTRIES)) {
      if (models >= MAX_MODELS_PER_FOLDER) break;
      try (ByteSource src = folder.open(name)) {
        Head head = new Head(src.head(SNIFF_BYTES), src.size(), name, src);
        if (onnx.sniff(head) == 0) continue;
        models++;
        OnnxModel model = new OnnxParser(src, ctx.budgets().maxOperandBytes(), ctx::checkDeadline).parse();
        for (TensorInfo t : model.tensors) {
          String location = t.external().get("location");
          if (location == null || OnnxAnalyzer.pathProblem(location) != null) continue;
          refs.add(folder.describe() + "/" + normalize(location));
        }
      } catch (BudgetExceededException e) {
        throw e;
      } catch (IOException e) {
        // a broken neighbour is reported on its own; it just vouches for nothing here
      }
    }
    synchronized (REFERENCED) {
      REFERENCED.put(key, refs);
    }
    return refs;
  }

  /** {@code a/./b//c} as {@code a/b/c} (locations with {@code ..} were already rejected). */
  private static String normalize(String location) {
    StringBuilder sb = new StringBuilder();
    for (String part : location.replace('\\', '/').split("/")) {
      if (part.isEmpty() || part.equals(".")) continue;
      if (sb.length() > 0) sb.append('/');
      sb.append(part);
    }
    return sb.toString();
  }
}
