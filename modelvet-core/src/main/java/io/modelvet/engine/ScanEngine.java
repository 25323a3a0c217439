package io.modelvet.engine;

import io.modelvet.config.PathGlob;
import io.modelvet.config.ScanConfig;
import io.modelvet.io.ByteSource;
import io.modelvet.io.FileByteSource;
import io.modelvet.io.IoErrors;
import io.modelvet.io.SpooledStream;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.ScanReport;
import io.modelvet.report.Severity;
import io.modelvet.report.Suppression;
import io.modelvet.report.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Walks the given paths, picks a {@link Scanner} for every file by content, runs files in
 * parallel on a bounded pool and assembles a {@link ScanReport} in a deterministic order. Any
 * failure inside a scanner — exception, stack overflow, out of memory, budget, timeout — turns
 * into an inconclusive verdict for that file; the scan goes on.
 */
public final class ScanEngine {
  private final ScanOptions options;
  private final java.util.function.Supplier<List<Scanner>> registry;
  private volatile Dispatch dispatch; // made from the registry when the first file needs a scanner
  /** Config globs compiled once; findings on every file are matched against them. */
  private final Map<String, PathGlob> globs = new java.util.concurrent.ConcurrentHashMap<>();

  public ScanEngine(List<Scanner> scanners, ScanOptions options) {
    List<Scanner> copy = List.copyOf(scanners);
    this.registry = () -> copy;
    this.options = options;
  }

  /**
   * An engine with the scanners ModelVet ships ({@link ScannerRegistry#defaults()}), loaded when the
   * first file needs one: a scan that finds nothing to scan does not load them.
   */
  public ScanEngine(ScanOptions options) {
    this.registry = ScannerRegistry::defaults;
    this.options = options;
  }

  private Dispatch dispatch() {
    Dispatch d = dispatch;
    if (d == null) {
      synchronized (this) {
        if (dispatch == null) dispatch = new Dispatch(registry.get());
        d = dispatch;
      }
    }
    return d;
  }

  public ScanOptions options() {
    return options;
  }

  /** Scans files and folders; {@code progress} is told each finished top-level file (may be null). */
  public ScanReport scan(List<Path> roots, Consumer<FileResult> progress) throws IOException {
    Instant start = Instant.now();
    long t0 = System.nanoTime();
    FileWalker.Walk walk = new FileWalker(options.selection()).walk(roots);
    List<Task> tasks = walk.files().stream().<Task>map(e -> new LocalTask(e.file(), e.display(), e.rootPrefix(), e.linkTarget())).toList();
    List<FileResult> results = new ArrayList<>();
    for (FileWalker.Problem p : walk.problems())
      results.add(build(p.display(), p.display(), p.kind(), -1, List.of(), p.reason(), List.of(), p.linkTarget()));
    results.addAll(run(tasks, progress));
    List<String> rootNames = roots.stream().map(FileWalker::shown).toList();
    return new ScanReport(version(), start, (System.nanoTime() - t0) / 1_000_000, rootNames, results);
  }

  /**
   * One top-level file to scan (on disk, remote, uploaded): its report path, and how to scan it
   * with {@link #scan(String, ByteSource, FolderView, String)}.
   */
  public interface Task {
    String display();

    List<FileResult> scan(ScanEngine engine);
  }

  /**
   * Runs tasks on the bounded pool with the per-file time budget and returns their results in task
   * order; {@code progress} is told each finished task's first result (may be null).
   */
  public List<FileResult> run(List<? extends Task> tasks, Consumer<FileResult> progress) throws IOException {
    List<FileResult> results = new ArrayList<>();
    ExecutorService pool = newPool(options.threads());
    try {
      List<Future<List<FileResult>>> futures = new ArrayList<>();
      for (Task t : tasks) futures.add(pool.submit(() -> t.scan(this)));
      long timeoutMs = options.budgets().perFileTimeout().toMillis() + 10_000;
      for (int i = 0; i < futures.size(); i++) {
        List<FileResult> r;
        try {
          r = futures.get(i).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          futures.get(i).cancel(true);
          r = List.of(failed(tasks.get(i), "scan did not finish within the time budget"));
        } catch (ExecutionException e) {
          r = List.of(failed(tasks.get(i), "internal error: " + Problems.describe(e.getCause())));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted");
        }
        results.addAll(r);
        if (progress != null && !r.isEmpty()) progress.accept(r.get(0));
      }
    } finally {
      pool.shutdownNow();
    }
    return results;
  }

  /** Streams up to this size are scanned from memory; longer ones are spooled to a temporary file. */
  public static final int STREAM_MEMORY_LIMIT = 64 << 20;

  /**
   * Scans a stream (standard input): spooled into memory up to {@link #STREAM_MEMORY_LIMIT}, or
   * to an owner-only temporary file that is deleted afterwards, up to the expansion budget; a longer
   * stream is inconclusive. Nothing is extracted to disk.
   */
  public ScanReport scan(String displayPath, InputStream in) throws IOException {
    Instant start = Instant.now();
    long t0 = System.nanoTime();
    List<FileResult> results;
    try (SpooledStream s = SpooledStream.read(in, STREAM_MEMORY_LIMIT, options.budgets().maxExpandedBytes())) {
      results = s.truncated()
          ? List.of(build(displayPath, displayPath, "unknown", s.size(), List.of(), "stream longer than the " + (options.budgets().maxExpandedBytes() >> 20) + " MiB budget; not analysed", List.of()))
          : scan(displayPath, s);
    }
    return new ScanReport(version(), start, (System.nanoTime() - t0) / 1_000_000, List.of(displayPath), results);
  }

  /** Scans bytes that are not a file on disk (a service upload, a test buffer). */
  public List<FileResult> scan(String displayPath, ByteSource source) {
    return scan(displayPath, source, null, "");
  }

  /**
   * Scans one top-level file from any source.
   *
   * @param displayPath the path reports show
   * @param folder the folder it sits in, for formats that check neighbouring files (may be null)
   * @param rootPrefix the part of {@code displayPath} that config globs do not see (the scanned
   *     folder or repository)
   */
  public List<FileResult> scan(String displayPath, ByteSource source, FolderView folder, String rootPrefix) {
    RootState root = new RootState(options, rootPrefix, folder);
    scanNested(root, displayPath, source, 0, null);
    return root.results();
  }

  /** The result for a top-level file that could not be read at all. */
  public FileResult unreadable(String displayPath, String reason) {
    return build(displayPath, displayPath, "unknown", -1, List.of(), reason, List.of());
  }

  /** Dispatches one file or member and records its result (and its members') in {@code root}. */
  FileResult scanNested(RootState root, String display, ByteSource source, int depth, FolderView siblings) {
    int slot = root.reserve();
    FileResult result;
    ScanContext ctx = null;
    try {
      Head head = new Head(source.head(Head.SIZE), source.size(), baseName(display), source);
      Scanner chosen = dispatch().choose(head);
      ctx = new ScanContext(this, root, display, source, head, depth, chosen == null ? "unknown" : chosen.format(), siblings);
      checkExtension(ctx, head, chosen);
      if (chosen == null) {
        ctx.inconclusive("content not recognised as a supported model format");
      } else {
        chosen.scan(ctx);
      }
      result = finish(ctx, root);
    } catch (BudgetExceededException e) {
      result = finishInconclusive(root, ctx, display, source, "budget exceeded: " + e.getMessage());
    } catch (IOException e) {
      result = finishInconclusive(root, ctx, display, source, "could not be parsed: " + e.getMessage());
    } catch (StackOverflowError e) {
      result = finishInconclusive(root, ctx, display, source, "structure nested too deeply to analyse");
    } catch (OutOfMemoryError e) {
      result = finishInconclusive(root, ctx, display, source, "ran out of memory while analysing");
    } catch (RuntimeException e) {
      result = finishInconclusive(root, ctx, display, source, "analysis failed: " + Problems.describe(e));
    }
    root.fill(slot, result);
    return result;
  }

  private void checkExtension(ScanContext ctx, Head head, Scanner chosen) {
    String ext = head.extension();
    List<Scanner> claimants = dispatch().claimants(ext);
    if (claimants == null || claimants.isEmpty() || head.size() == 0) return;
    if (chosen != null && chosen.extensions().contains(ext)) return;
    boolean disguise = chosen != null && chosen.codeOnLoad() && claimants.stream().noneMatch(Scanner::codeOnLoad);
    String expected = claimants.stream().map(Scanner::format).distinct().sorted().reduce((a, b) -> a + " or " + b).orElse("?");
    String actual = chosen == null ? "unrecognised content" : chosen.format() + " content";
    ctx.report(
        "general.extension-mismatch",
        disguise ? Severity.HIGH : Severity.LOW,
        -1,
        "The extension ." + ext + " suggests " + expected + ", but the file holds " + actual
            + (disguise ? "; a format that runs code on load is disguised as one that does not." : "."),
        null);
  }

  private FileResult finish(ScanContext ctx, RootState root) {
    return build(root.relative(ctx.path()), ctx.path(), ctx.format(), ctx.source().size(), ctx.findings(), ctx.inconclusiveReason(), ctx.globals());
  }

  private FileResult finishInconclusive(RootState root, ScanContext ctx, String display, ByteSource src, String reason) {
    if (ctx == null) return build(root.relative(display), display, "unknown", src.size(), List.of(), reason, List.of());
    ctx.inconclusive(reason);
    return build(root.relative(display), display, ctx.format(), src.size(), ctx.findings(), ctx.inconclusiveReason(), ctx.globals());
  }

  private FileResult failed(Task t, String reason) {
    return build(t.display(), t.display(), "unknown", -1, List.of(), reason, List.of(), t instanceof LocalTask l ? l.linkTarget() : null);
  }

  /** Applies configured overrides and suppressions, orders findings and decides the verdict. */
  private FileResult build(String relative, String path, String format, long size, List<Finding> raw, String inconclusive, List<String> globals) {
    return build(relative, path, format, size, raw, inconclusive, globals, null);
  }

  private FileResult build(
      String relative, String path, String format, long size, List<Finding> raw, String inconclusive, List<String> globals, String linkTarget) {
    ScanConfig config = options.config();
    List<Finding> kept = new ArrayList<>();
    List<Suppression> suppressed = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Finding f : raw) {
      String key = f.ruleId() + "|" + f.severity() + "|" + f.message() + "|" + f.location() + "|" + f.evidence();
      if (!seen.add(key)) continue; // the same observation twice adds nothing
      for (ScanConfig.Override o : config.severity()) {
        if (ruleMatches(o.rule(), f.ruleId()) && anyGlob(o.paths(), relative, path)) {
          f = f.withSeverity(o.level(), "severity changed from " + f.severity() + " to " + o.level() + " by configuration: " + o.reason());
        }
      }
      ScanConfig.Suppress hit = null;
      for (ScanConfig.Suppress s : config.suppress()) {
        if (ruleMatches(s.rule(), f.ruleId()) && anyGlob(s.paths(), relative, path)) {
          hit = s;
          break;
        }
      }
      if (hit != null) suppressed.add(new Suppression(f, "suppressed by configuration (rule " + hit.rule() + ", paths " + hit.paths() + "): " + hit.reason()));
      else kept.add(f);
    }
    kept.sort(Comparator.comparing(Finding::severity).reversed().thenComparingLong(f -> f.location().offset()));
    Verdict v = inconclusive != null ? Verdict.INCONCLUSIVE : kept.isEmpty() ? Verdict.CLEAN : Verdict.FINDINGS;
    return new FileResult(path, format, size, v, inconclusive, kept, suppressed, globals, linkTarget);
  }

  private static boolean ruleMatches(String pattern, String id) {
    if (pattern.equals("*") || pattern.equals(id)) return true;
    return pattern.endsWith(".*") && id.startsWith(pattern.substring(0, pattern.length() - 1));
  }

  /**
   * Globs match the path relative to the scanned folder, or the full report path; a glob that
   * matches a container ({@code scripted.pt}) also covers its members ({@code scripted.pt!/a/data.pkl}).
   */
  private boolean anyGlob(List<String> patterns, String relative, String path) {
    for (String g : patterns) {
      PathGlob glob = globs.computeIfAbsent(g, PathGlob::new);
      if (glob.matchesOrContains(relative) || glob.matchesOrContains(path)) return true;
    }
    return false;
  }

  private static String baseName(String display) {
    int bang = display.lastIndexOf("!/");
    String last = bang >= 0 ? display.substring(bang + 2) : display;
    int slash = last.lastIndexOf('/');
    return slash >= 0 ? last.substring(slash + 1) : last;
  }

  private static ExecutorService newPool(int threads) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          // Deep stacks for recursive formats; daemon so a stuck parser never blocks exit.
          Thread t = new Thread(null, r, "modelvet-scan-" + n.incrementAndGet(), 64L << 20);
          t.setDaemon(true);
          return t;
        });
  }

  public static String version() {
    String v = ScanEngine.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.1.0";
  }

  /** A file on disk, its report path, the prefix that makes report paths relative, and where a link led. */
  private record LocalTask(Path file, String display, String rootPrefix, String linkTarget) implements Task {
    @Override
    public List<FileResult> scan(ScanEngine engine) {
      List<FileResult> results;
      try (FileByteSource src = new FileByteSource(file)) {
        Path parent = file.toAbsolutePath().getParent();
        results = engine.scan(display, src, parent == null ? null : new LocalFolder(parent), rootPrefix);
      } catch (IOException e) {
        return List.of(engine.failed(this, "cannot read: " + IoErrors.describe(e)));
      }
      if (linkTarget == null || results.isEmpty()) return results;
      List<FileResult> linked = new ArrayList<>(results);
      linked.set(0, linked.get(0).withLinkTarget(linkTarget));
      return linked;
    }
  }
}
