package io.modelvet.formats.orbax;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.io.FileByteSource;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code manifest.ocdbt}: the root of a TensorStore OCDBT database, which Orbax checkpoints use
 * ({@code use_ocdbt=True}, the default) for all arrays of a checkpoint. Recognised by its magic.
 * In a folder the whole database is walked ({@link OcdbtWalk}); the manifest reports its own
 * problems, each data file its own when it is scanned. Inside an archive only the manifest itself
 * can be checked.
 */
public final class OcdbtManifestScanner implements Scanner {
  @Override
  public String format() {
    return "ocdbt-manifest";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("ocdbt");
  }

  @Override
  public int sniff(Head head) {
    return head.startsWith(0, (byte) 0x0c, (byte) 0xdb, (byte) 0x3a, (byte) 0x2a) && head.size() >= 16 && head.u64(4) == head.size() ? 95 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    if (ctx.depth() == 0 && ctx.source() instanceof FileByteSource f) {
      Path file = f.path().toAbsolutePath().normalize();
      if (file.getFileName().toString().equals(OcdbtWalk.MANIFEST)) {
        new OcdbtWalk(ctx, file.getParent(), new FileSink(ctx, file, true)).run();
        return;
      }
    }
    long size = ctx.source().size();
    if (size > ctx.budgets().maxInMemoryMember()) {
      ctx.inconclusive("OCDBT manifest larger than the in-memory budget");
      return;
    }
    try {
      OcdbtCodec.manifest(OcdbtCodec.open(ctx.source().readFully(0, (int) size), OcdbtCodec.MANIFEST_MAGIC, ctx.budgets().maxInMemoryMember()));
    } catch (MalformedException e) {
      ctx.report("ocdbt.malformed", 0, "The OCDBT manifest is malformed: " + e.getMessage() + ". TensorStore refuses to open the database.", e.getMessage());
      return;
    }
    ctx.inconclusive("OCDBT manifest outside its database folder: the nodes and values it points at cannot be checked");
  }
}
