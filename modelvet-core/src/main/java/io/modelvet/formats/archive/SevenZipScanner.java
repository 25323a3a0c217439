package io.modelvet.formats.archive;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.io.MalformedException;
import io.modelvet.report.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.commons.compress.PasswordRequiredException;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;

/**
 * 7z archives, read with commons-compress over a channel on the source (nothing extracted to
 * disk). Members are decompressed into memory under the budgets and dispatched by content, so a
 * pickle is found whatever its name. Encrypted archives cannot be analysed and are inconclusive.
 */
public final class SevenZipScanner implements Scanner {
  private static final byte[] MAGIC = {'7', 'z', (byte) 0xbc, (byte) 0xaf, 0x27, 0x1c};
  private static final int S_IFMT = 0170000;
  private static final int S_IFLNK = 0120000;

  @Override
  public String format() {
    return "7z";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("7z");
  }

  @Override
  public int sniff(Head head) {
    return head.startsWith(0, MAGIC) ? 100 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    long memoryKb = Math.max(1024, ctx.budgets().maxInMemoryMember() >> 10);
    SevenZFile.Builder builder = SevenZFile.builder()
        .setSeekableByteChannel(new io.modelvet.io.ByteSourceChannel(ctx.source()))
        .setMaxMemoryLimitKiB((int) Math.min(Integer.MAX_VALUE, memoryKb))
        .setTryToRecoverBrokenArchives(false);
    try (SevenZFile archive = builder.get()) {
      walk(ctx, archive);
    } catch (PasswordRequiredException locked) {
      ctx.report("archive.encrypted", -1, "The 7z archive is password-protected and could not be analysed.", null);
      ctx.inconclusive("encrypted 7z archive could not be analysed");
    } catch (RuntimeException libraryCrash) {
      // commons-compress can fail with unchecked exceptions on hostile headers: that is a malformed file.
      throw new MalformedException("7z structure rejected: " + libraryCrash);
    }
  }

  private static void walk(ScanContext ctx, SevenZFile archive) throws IOException {
    MemberNames names = new MemberNames(ctx);
    long archiveSize = Math.max(1, ctx.source().size());
    long limit = ctx.budgets().maxInMemoryMember();
    int count = 0;
    SevenZArchiveEntry e;
    while ((e = archive.getNextEntry()) != null) {
      ctx.checkDeadline();
      if (++count > ctx.budgets().maxEntries()) {
        ctx.inconclusive("more than " + ctx.budgets().maxEntries() + " 7z entries; only the first were analysed");
        return;
      }
      String name = e.getName() == null ? "(unnamed " + count + ")" : e.getName();
      names.check(name, -1);
      if (e.isDirectory() || e.isAntiItem() || !e.hasStream()) continue;
      if (e.getSize() > limit) {
        ctx.inconclusive("7z member " + name + " (" + e.getSize() + " bytes) is too large to analyse in memory");
        continue;
      }
      byte[] data;
      try (InputStream in = new GuardedStream(archive.getInputStream(e), () -> archiveSize, ctx, name)) {
        data = BoundedExpansion.readAll(in, limit, 0, name);
      } catch (BoundedExpansion.BombException bomb) {
        ctx.report("archive.bomb", -1, "7z member '" + MemberNames.printable(name) + "' is a decompression bomb: " + bomb.getMessage() + ".",
            bomb.produced() + " bytes from an archive of " + archiveSize);
        ctx.inconclusive("decompression bomb in 7z member " + name);
        continue;
      } catch (BoundedExpansion.TooLargeException big) {
        ctx.inconclusive(big.getMessage());
        continue;
      }
      if (isSymlink(e)) {
        String target = new String(data, 0, Math.min(data.length, 4096), StandardCharsets.UTF_8);
        boolean escapes = MemberNames.linkEscapes(name, target);
        ctx.report("archive.link", escapes ? Severity.HIGH : Severity.MEDIUM, -1,
            "7z member '" + MemberNames.printable(name) + "' is a symbolic link to '" + MemberNames.printable(target) + "'.",
            MemberNames.printable(name) + " -> " + MemberNames.printable(target));
        continue;
      }
      Members.dispatch(ctx, name, new ArrayByteSource(data), -1);
    }
  }

  /** p7zip stores the Unix mode in the high 16 bits of the attributes, flagged by 0x8000. */
  private static boolean isSymlink(SevenZArchiveEntry e) {
    if (!e.getHasWindowsAttributes()) return false;
    int attr = e.getWindowsAttributes();
    return (attr & 0x8000) != 0 && ((attr >>> 16) & S_IFMT) == S_IFLNK;
  }
}
