package io.modelvet.formats.archive;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * llamafile and other Actually Portable Executables (APE): one file that is at once a Windows PE,
 * a shell script that rewrites itself into an ELF/Mach-O binary, and a zip archive appended at
 * the end, whose stored members (the GGUF weights, {@code .args}) are read in place. The file is
 * an executable by design, so that is reported at HIGH with what it is; the embedded zip is then
 * walked like any zip (its offsets count from the start of the file) and the GGUF goes through
 * the dispatch. The native code itself is not analysed.
 */
public final class LlamafileScanner implements Scanner {
  private static final byte[] APE_MAGIC = {'M', 'Z', 'q', 'F', 'p', 'D'};
  private static final byte[] APE_ELF_MAGIC = {'j', 'a', 'r', 't', 's', 'r'};

  @Override
  public String format() {
    return "llamafile";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("llamafile");
  }

  @Override
  public boolean codeOnLoad() {
    return true;
  }

  @Override
  public int sniff(Head head) {
    return head.startsWith(0, APE_MAGIC) || head.startsWith(0, APE_ELF_MAGIC) ? 95 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    ZipDirectory dir;
    try {
      dir = ZipDirectory.read(ctx.source(), ctx.budgets().maxEntries());
    } catch (MalformedException noZip) {
      report(ctx, List.of());
      ctx.inconclusive("APE executable without an embedded zip; the weights could not be located");
      return;
    }
    List<String> names = dir.entries().stream().map(ZipEntryRecord::name).toList();
    report(ctx, names);
    new ZipScanner().scan(ctx);
    ctx.setFormat("llamafile");
  }

  private static void report(ScanContext ctx, List<String> names) {
    List<String> weights = names.stream().filter(n -> n.endsWith(".gguf")).toList();
    String shown = String.join(", ", names.stream().limit(10).toList()) + (names.size() > 10 ? ", …" : "");
    ctx.report("llamafile.executable", 0,
        "The file is an Actually Portable Executable (llamafile): a Windows PE header, a shell script that turns itself into a native binary, and an embedded zip"
            + (weights.isEmpty() ? "" : " holding " + String.join(", ", weights))
            + ". Running it runs native code that was not analysed; the embedded members are scanned below.",
        "APE header " + (ctx.head().startsWith("MZ") ? "'MZqFpD'" : "'jartsr'") + "; zip members: " + (names.isEmpty() ? "none" : shown));
  }
}
