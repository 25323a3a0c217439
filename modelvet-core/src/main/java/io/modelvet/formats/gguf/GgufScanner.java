package io.modelvet.formats.gguf;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.io.SourceReader;
import java.io.EOFException;
import java.io.IOException;
import java.util.Set;

/**
 * GGUF (llama.cpp): magic {@code GGUF}, version 1-3, tensor and key/value counts, typed metadata,
 * tensor infos, then the aligned data section. The header is parsed with every count and length
 * bounded by the bytes left in the file before anything is allocated; tensor data is never read
 * (offsets and sizes are checked arithmetically). Chat templates go to the Jinja analyser.
 */
public final class GgufScanner implements Scanner {

  @Override
  public String format() {
    return "gguf";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("gguf");
  }

  @Override
  public int sniff(Head head) {
    if (!head.startsWith("GGUF")) return 0;
    long v = head.u32(4);
    return v >= 1 && v <= 3 ? 100 : 70;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    SourceReader r = SourceReader.of(ctx.source());
    try {
      new GgufHeaderParser(ctx, r).parse();
    } catch (EOFException e) {
      ctx.report("gguf.malformed-header", r.position(),
          "The GGUF header ends before its declared contents (" + e.getMessage() + "); the file is truncated or its counts lie.",
          "file size " + ctx.source().size());
      ctx.inconclusive("GGUF header truncated");
    }
  }
}
