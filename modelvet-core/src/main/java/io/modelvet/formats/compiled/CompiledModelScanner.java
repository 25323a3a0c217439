package io.modelvet.formats.compiled;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.formats.common.ReviewedList;
import io.modelvet.io.ByteSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiled or undocumented model binaries (TensorRT engines, RKNN models; see
 * {@code compiled/signatures.tsv}). ModelVet cannot analyse what they run, so the verdict is
 * inconclusive with a reason that names the format. Before that, the whole file is searched for
 * the names of native libraries it refers to (plugin libraries) and for executables embedded in
 * it (TensorRT can serialize plugin libraries into the engine), which are reported with evidence.
 */
public final class CompiledModelScanner implements Scanner {
  /** Ultralytics prefixes TensorRT plans with a little-endian length and JSON metadata. */
  private static final int MAX_METADATA = 1 << 16;
  private static final long MAX_SEARCHED = 4L << 30;
  private static final int CHUNK = (1 << 16) - 256;
  private static final int OVERLAP = 256;
  private static final Pattern LIBRARY = Pattern.compile("[A-Za-z0-9_+./-]{1,120}\\.(?:so(?:\\.[0-9]+)*|dll|dylib)(?![A-Za-z0-9_])");
  private static final List<Signature> SIGNATURES = load();

  record Signature(String format, byte[] magic, int offset, String name, String reason) {}

  private static List<Signature> load() {
    List<Signature> out = new ArrayList<>();
    for (String[] r : ReviewedList.load("/io/modelvet/compiled/signatures.tsv", 5, 4))
      out.add(new Signature(r[0], r[1].getBytes(StandardCharsets.ISO_8859_1), Integer.parseInt(r[2]), r[3], r[4]));
    return out;
  }

  @Override
  public String format() {
    return "compiled-model";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("engine", "plan", "trt", "rknn");
  }

  @Override
  public int sniffCeiling() {
    return 90;
  }

  @Override
  public int sniff(Head head) {
    return match(head) != null ? 90 : 0;
  }

  /** The signature at the start of the file, after an Ultralytics metadata prefix when there is one. */
  private static Signature match(Head head) {
    for (Signature s : SIGNATURES) if (head.startsWith(s.offset(), s.magic())) return s;
    long meta = head.u32(0);
    if (meta > 1 && meta < MAX_METADATA && head.u8(4) == '{' && head.startsWith((int) (4 + meta), SIGNATURES.get(0).magic())) return SIGNATURES.get(0);
    return null;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    Head head = ctx.head();
    Signature sig = match(head);
    if (sig == null) throw new IOException("compiled model signature not found");
    ctx.setFormat(sig.format());
    if (!head.startsWith(sig.offset(), sig.magic())) {
      int meta = (int) head.u32(0);
      PayloadChecks.checkString(ctx, new String(head.bytes(), 4, meta, StandardCharsets.UTF_8), "the metadata before the engine", 4);
    }
    Search found = search(ctx);
    if (!found.libraries.isEmpty())
      ctx.report("compiled.plugin-library", -1,
          "The " + sig.name() + " names native libraries: " + String.join(", ", found.libraries) + ". Plugins are native code loaded by the runtime with the model; they must come from a trusted source.",
          String.join(", ", found.libraries));
    for (long at : found.executables)
      ctx.report("compiled.embedded-executable", at, "An ELF executable or shared library is embedded in the " + sig.name() + " at offset " + at + ". Runtimes that deserialize embedded plugin libraries load it as native code.", "ELF header at " + at);
    ctx.inconclusive(sig.name() + ": " + sig.reason() + (found.libraries.isEmpty() ? "; no plugin library is named" : "; plugin libraries named: " + String.join(", ", found.libraries))
        + (found.truncated ? "; only the first " + (MAX_SEARCHED >> 30) + " GiB were searched" : ""));
  }

  private static final class Search {
    final Set<String> libraries = new LinkedHashSet<>();
    final List<Long> executables = new ArrayList<>();
    boolean truncated;
  }

  private static Search search(ScanContext ctx) throws IOException {
    Search s = new Search();
    ByteSource src = ctx.source();
    long size = src.size();
    long limit = Math.min(size, MAX_SEARCHED);
    s.truncated = size > limit;
    byte[] buf = new byte[CHUNK + OVERLAP];
    for (long pos = 0; pos < limit; pos += CHUNK) {
      ctx.checkDeadline();
      int want = (int) Math.min(buf.length, size - pos);
      int got = 0;
      while (got < want) {
        int n = src.read(pos + got, buf, got, want - got);
        if (n < 0) break;
        got += n;
      }
      int scanEnd = Math.min(got, CHUNK);
      for (int i = pos == 0 ? 1 : 0; i < scanEnd && s.executables.size() < 20; i++)
        if (buf[i] == 0x7f && i + 7 <= got && buf[i + 1] == 'E' && buf[i + 2] == 'L' && buf[i + 3] == 'F' && (buf[i + 4] == 1 || buf[i + 4] == 2) && (buf[i + 5] == 1 || buf[i + 5] == 2) && buf[i + 6] == 1)
          s.executables.add(pos + i);
      Matcher m = LIBRARY.matcher(new String(buf, 0, got, StandardCharsets.ISO_8859_1));
      while (m.find() && s.libraries.size() < 50) if (m.start() < scanEnd) s.libraries.add(m.group());
    }
    return s;
  }
}
