package io.modelvet.formats.orbax;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.engine.ScanContext;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.JsonSupport;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Takes what an {@link OcdbtWalk} finds and reports the part that lies in one file (the one being
 * scanned): structure problems, zarr metadata stored as values (checked by {@link ZarrMetadata}) and
 * the values themselves (small ones are checked whole for pickles and executables).
 */
final class FileSink implements OcdbtWalk.Sink {
  private final ScanContext ctx;
  private final Path file;
  private final CappedReports out;
  private final boolean owner;

  /**
   * @param owner true for the manifest's scan, which owns the walk: what the walk could not read
   *     makes it inconclusive (a data file's scan only answers for its own bytes)
   */
  FileSink(ScanContext ctx, Path file, boolean owner) {
    this.ctx = ctx;
    this.file = file.toAbsolutePath().normalize();
    this.out = new CappedReports(ctx, 20);
    this.owner = owner;
  }

  @Override
  public void problem(Path at, long offset, String rule, String message, String evidence) {
    if (at.equals(file)) out.report(rule, offset, message, evidence);
    else if (!owner && at.getFileName().toString().equals(OcdbtWalk.MANIFEST) && rule.equals("ocdbt.malformed"))
      ctx.inconclusive("the OCDBT manifest of this data file's database is malformed, so the file could not be checked");
  }

  @Override
  public void metadata(Path at, long offset, String key, byte[] json) throws IOException {
    if (!at.equals(file)) return;
    ZarrArray a;
    try {
      JsonNode doc = JsonSupport.readTree(ctx.budgets(), new String(json, StandardCharsets.UTF_8));
      a = ZarrMetadata.parse(doc);
    } catch (MalformedException e) {
      out.report("zarr.malformed-metadata", offset, "The zarr metadata stored under the OCDBT key '" + key + "' is not valid JSON: " + e.getMessage() + ".", key);
      return;
    }
    if (a != null) ZarrMetadata.report(ctx, a, "stored under the OCDBT key '" + key + "'", offset);
  }

  @Override
  public void value(Path at, long offset, String key, long length) throws IOException {
    if (!at.equals(file)) return;
    if (length == 0 || length > ctx.budgets().maxOperandBytes() || length > 1 << 20) return;
    byte[] v = ctx.source().readFully(offset, (int) length);
    PayloadChecks.checkBytes(ctx, v, "the value of OCDBT key '" + key + "'", offset);
  }

  @Override
  public void incomplete(String reason) {
    if (owner) ctx.inconclusive(reason);
  }
}
