package io.modelvet.formats.archive.pytorch;

import io.modelvet.engine.ScanContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout of a PyTorch zip ({@code torch.save} since 1.6, {@code torch.jit.save}): one
 * top-level folder of any name holding {@code data.pkl}, {@code version}, tensor storages under
 * {@code data/} and, for TorchScript, {@code code/} sources, {@code constants.pkl} and
 * {@code constants/}. Storages are raw tensor bytes that torch never unpickles, so they are not
 * dispatched; every other member is.
 */
public final class PyTorchZipLayout {
  private static final Pattern DATA_PKL = Pattern.compile("([^/]+/)data\\.pkl");

  private final String prefix;
  private final List<String> markers;
  private final List<String> codeFiles;
  private int suspiciousLines;

  private PyTorchZipLayout(String prefix, List<String> markers, List<String> codeFiles) {
    this.prefix = prefix;
    this.markers = markers;
    this.codeFiles = codeFiles;
  }

  /** The layout of a zip with these member names, or null when it is not a PyTorch archive. */
  public static PyTorchZipLayout detect(List<String> names) {
    String prefix = null;
    for (String n : names) {
      Matcher m = DATA_PKL.matcher(n);
      if (m.matches()) {
        prefix = m.group(1);
        break;
      }
    }
    if (prefix == null) return null;
    List<String> markers = new ArrayList<>();
    List<String> code = new ArrayList<>();
    for (String n : names) {
      if (!n.startsWith(prefix)) continue;
      String rest = n.substring(prefix.length());
      if (rest.equals("constants.pkl") || rest.equals(".data/version")) markers.add(n);
      if (rest.startsWith("code/") && rest.endsWith(".py")) code.add(n);
    }
    if (!code.isEmpty()) markers.add(prefix + "code/ (" + code.size() + " source files)");
    return new PyTorchZipLayout(prefix, List.copyOf(markers), List.copyOf(code));
  }

  public boolean isTorchScript() {
    return !markers.isEmpty();
  }

  /** "torchscript" or "pytorch-zip". */
  public String format() {
    return isTorchScript() ? "torchscript" : "pytorch-zip";
  }

  /** True for a raw tensor storage member ({@code data/<key>}, TorchScript {@code constants/<key>}). */
  public boolean isStorage(String name) {
    if (!name.startsWith(prefix)) return false;
    String rest = name.substring(prefix.length());
    int slash = rest.indexOf('/');
    if (slash < 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) return false;
    String folder = rest.substring(0, slash);
    return folder.equals("data") || (isTorchScript() && folder.equals("constants"));
  }

  /** True for a TorchScript source file whose text is checked. */
  public boolean isCode(String name) {
    return codeFiles.contains(name);
  }

  /** Checks the text of one TorchScript source file. */
  public void checkCode(ScanContext ctx, String name, String text) {
    suspiciousLines += TorchScriptCode.get().check(ctx, name, text);
  }

  /** Reports what concerns the archive as a whole, once its members have been walked. */
  public void finish(ScanContext ctx) {
    if (!isTorchScript()) return;
    StringBuilder ev = new StringBuilder("markers: ").append(String.join(", ", markers));
    if (!codeFiles.isEmpty()) {
      ev.append("; code files: ");
      int shown = Math.min(codeFiles.size(), 20);
      ev.append(String.join(", ", codeFiles.subList(0, shown)));
      if (codeFiles.size() > shown) ev.append(", ... (").append(codeFiles.size() - shown).append(" more)");
    }
    String analysis = suspiciousLines == 0
        ? "Its " + codeFiles.size() + " code file(s) were analysed and call only torch builtins, accepted operators and the archive's own classes."
        : suspiciousLines + " line(s) of its code call something else (reported separately as pytorch.torchscript-code).";
    ctx.report("pytorch.torchscript", -1,
        "Advisory: this PyTorch archive is a TorchScript program, and torch.jit.load compiles and runs its code. " + analysis
            + " torch.load(weights_only=True) in torch <= 2.5.1 routes such archives to torch.jit.load (CVE-2025-32434), so 'weights only' gives no protection there; use torch >= 2.6.",
        ev.toString());
  }
}
