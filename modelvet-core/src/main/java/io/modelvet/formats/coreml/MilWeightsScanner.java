package io.modelvet.formats.coreml;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.PayloadChecks;
import java.io.IOException;
import java.util.Set;

/**
 * The weight file of Core ML ML Programs ({@code Data/com.apple.CoreML/weights/weight.bin} in an
 * {@code .mlpackage}), recognised by its MIL blob storage header ({@link MilBlobFile}). The blobs
 * are numbers that Core ML maps into memory; checked: every blob header has its sentinel and a
 * known data type and its data lies inside the file ({@code coreml.malformed-weights}), and bytes
 * after the last counted blob ({@code coreml.weights-trailing-data}, scanned as a member). The
 * start of each blob is also checked for an executable or a pickle.
 */
public final class MilWeightsScanner implements Scanner {
  /** Blobs whose start is probed for payloads; all are walked and bounds-checked. */
  private static final int MAX_BLOBS = 1 << 16;
  private static final int PROBE = 4096;

  @Override
  public String format() {
    return "coreml-weights";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("bin");
  }

  @Override
  public int sniffCeiling() {
    return 80;
  }

  @Override
  public int sniff(Head head) {
    return MilBlobFile.looksLike(head.bytes(), head.size()) ? 80 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    MilBlobFile.Layout layout = MilBlobFile.read(ctx.source(), MAX_BLOBS, ctx);
    if (layout.defect() != null) {
      ctx.report("coreml.malformed-weights", layout.defectAt(), "The Core ML weight file is malformed: " + layout.defect() + ". Core ML rejects or misreads such a file; coremltools never writes one.", layout.defect());
      return;
    }
    for (MilBlobFile.Blob b : layout.blobs()) {
      int n = (int) Math.min(PROBE, b.size());
      if (n > 0) PayloadChecks.checkBytes(ctx, ctx.source().readFully(b.data(), n), "the weight blob at offset " + b.metadata(), b.data());
    }
    long size = ctx.source().size();
    long padded = Math.min(size, MilBlobFile.align(layout.end()));
    long start = zeros(ctx, layout.end(), padded) ? padded : layout.end();
    if (size > start) {
      long rest = size - start;
      ctx.report("coreml.weights-trailing-data", start, rest + " bytes follow the last of the " + layout.count() + " blobs the header counts. Core ML never reads them; they are scanned as a member.", rest + " bytes at offset " + start);
      ctx.scanMember("trailing-data", ctx.source().slice(start, rest));
    }
  }

  private static boolean zeros(ScanContext ctx, long from, long to) throws IOException {
    if (to <= from) return true;
    for (byte x : ctx.source().readFully(from, (int) (to - from))) if (x != 0) return false;
    return true;
  }
}
