package io.modelvet.report;

import java.util.List;

/**
 * The result of scanning one file or archive member.
 *
 * @param path display path ({@code outer.zip!/inner/data.pkl} for members)
 * @param format detected format id (by content), e.g. {@code pickle}, {@code pytorch-zip}
 * @param size size in bytes, or -1 when unknown
 * @param verdict clean, findings or inconclusive
 * @param inconclusiveReason why analysis was incomplete, or null
 * @param findings findings that count, most severe first
 * @param suppressed findings removed by configuration
 * @param globals every pickle import seen ({@code module.name}), for {@code --list-globals}; empty
 *     for other formats
 * @param linkTarget the real path of the file when it was reached through a symbolic link (the
 *     file itself or a folder on the way), otherwise null
 * @param bytesFetched bytes downloaded to scan a remote file (its own and the neighbouring files
 *     it refers to), or -1 for local files and archive members
 */
public record FileResult(
    String path,
    String format,
    long size,
    Verdict verdict,
    String inconclusiveReason,
    List<Finding> findings,
    List<Suppression> suppressed,
    List<String> globals,
    String linkTarget,
    long bytesFetched) {

  public FileResult {
    findings = List.copyOf(findings);
    suppressed = List.copyOf(suppressed);
    globals = List.copyOf(globals);
  }

  /** A result for a local file not reached through a symbolic link, or a member. */
  public FileResult(
      String path, String format, long size, Verdict verdict, String inconclusiveReason,
      List<Finding> findings, List<Suppression> suppressed, List<String> globals) {
    this(path, format, size, verdict, inconclusiveReason, findings, suppressed, globals, null, -1);
  }

  /** A result for a local file reached through a symbolic link ({@code linkTarget}, or null). */
  public FileResult(
      String path, String format, long size, Verdict verdict, String inconclusiveReason,
      List<Finding> findings, List<Suppression> suppressed, List<String> globals, String linkTarget) {
    this(path, format, size, verdict, inconclusiveReason, findings, suppressed, globals, linkTarget, -1);
  }

  /** True for a member of a container or a nested payload ({@code outer!/inner}). */
  public boolean isMember() {
    return path.contains("!/");
  }

  public FileResult withLinkTarget(String target) {
    return new FileResult(path, format, size, verdict, inconclusiveReason, findings, suppressed, globals, target, bytesFetched);
  }

  public FileResult withBytesFetched(long bytes) {
    return new FileResult(path, format, size, verdict, inconclusiveReason, findings, suppressed, globals, linkTarget, bytes);
  }

  /**
   * This result made inconclusive for {@code reason} (kept findings stay); unchanged if it already
   * is inconclusive.
   */
  public FileResult withInconclusive(String reason) {
    if (verdict == Verdict.INCONCLUSIVE) return this;
    return new FileResult(path, format, size, Verdict.INCONCLUSIVE, reason, findings, suppressed, globals, linkTarget, bytesFetched);
  }

  /** The most severe finding's severity, or null if there are none. */
  public Severity worst() {
    Severity w = null;
    for (Finding f : findings) w = Severity.max(w, f.severity());
    return w;
  }
}
