package io.modelvet.formats.orbax;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.io.FileByteSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * OCDBT data files ({@code d/<32 hex>}): log-structured concatenations of B+tree nodes, version
 * tree nodes and out-of-line values (array chunks), with no header of their own. They are
 * recognised through the {@code manifest.ocdbt} of the database folder above their {@code d/}
 * folder, the way TensorStore reaches them, and checked by walking that database: every node and
 * value the walk finds in this file is validated here (nodes parsed, references bounded, zarr
 * metadata checked, small values checked for pickles and executables).
 */
public final class OcdbtDataScanner implements Scanner {
  @Override
  public String format() {
    return "ocdbt-data";
  }

  @Override
  public int sniff(Head head) {
    return head.source() instanceof FileByteSource f && database(f.path()) != null ? 97 : 0;
  }

  /** The database folder of a file under {@code <db>/d/}, when it holds an OCDBT manifest. */
  static Path database(Path file) {
    Path dir = file.toAbsolutePath().normalize().getParent();
    if (dir == null || dir.getFileName() == null || !dir.getFileName().toString().equals("d")) return null;
    Path db = dir.getParent();
    if (db == null) return null;
    Path m = db.resolve(OcdbtWalk.MANIFEST);
    return Files.isRegularFile(m) && OcdbtWalk.isManifest(m) ? db : null;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    Path file = ctx.source() instanceof FileByteSource f ? f.path() : null;
    Path db = file == null ? null : database(file);
    if (db == null) {
      ctx.inconclusive("OCDBT data file whose database manifest could no longer be read");
      return;
    }
    PayloadChecks.checkBytes(ctx, ctx.head().bytes(), "the start of the OCDBT data file", 0);
    new OcdbtWalk(ctx, db, new FileSink(ctx, file, false)).run();
  }
}
