package io.modelvet.formats.archive;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.io.SourceReader;
import java.io.IOException;
import java.util.Set;

/**
 * Uncompressed tar archives, including the legacy PyTorch format (torch &lt; 0.4). Members are
 * zero-copy slices of the file, so a tar of large tensors is walked by seeking from header to
 * header. Compressed tars are handled by {@link CompressedScanner}, which streams them through
 * the same {@link TarWalker}.
 */
public final class TarScanner implements Scanner {
  @Override
  public String format() {
    return "tar";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("tar", "nemo");
  }

  @Override
  public int sniffCeiling() {
    return 90;
  }

  @Override
  public int sniff(Head head) {
    if (!TarWalker.isHeader(head.bytes(), 0)) return 0;
    return head.startsWith(257, (byte) 'u', (byte) 's', (byte) 't', (byte) 'a', (byte) 'r') ? 90 : 60;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    TarLayouts.walk(ctx, SourceReader.of(ctx.source()), ctx.source());
  }
}
