package io.modelvet.engine;

import io.modelvet.io.ByteSource;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Location;
import io.modelvet.report.Severity;
import io.modelvet.rules.Rule;
import io.modelvet.rules.RuleCatalog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One file being scanned: its bytes, where it sits (path, nesting depth), and the sink for what
 * the scanner finds. Scanners report findings, the globals they saw, a refined format id and any
 * reason the analysis was incomplete; members of containers and nested payloads go back through
 * {@link #scanMember} so that they get the same dispatch, budgets and verdicts.
 */
public final class ScanContext {
  private final ScanEngine engine;
  private final RootState root;
  private final String path;
  private final ByteSource source;
  private final Head head;
  private final int depth;
  private final FolderView siblings;
  private final List<Finding> findings = new ArrayList<>();
  private final Set<String> globals = new LinkedHashSet<>();
  private String format;
  private String inconclusive;

  ScanContext(ScanEngine engine, RootState root, String path, ByteSource source, Head head, int depth, String format, FolderView siblings) {
    this.engine = engine;
    this.siblings = siblings;
    this.root = root;
    this.path = path;
    this.source = source;
    this.head = head;
    this.depth = depth;
    this.format = format;
  }

  /** Display path of this file ({@code outer.zip!/inner/data.pkl} for members). */
  public String path() {
    return path;
  }

  public ByteSource source() {
    return source;
  }

  public Head head() {
    return head;
  }

  /** 0 for a file given by the user, 1 for a member of it, and so on. */
  public int depth() {
    return depth;
  }

  /**
   * The folder this file sits in (on disk or in a remote repository), for formats that check the
   * neighbouring files they refer to; null for archive members, nested payloads and sources that
   * have no folder.
   */
  public FolderView folder() {
    return depth == 0 ? root.folder() : null;
  }

  /**
   * For a member of an archive that lists its entries, the archive folder holding the member:
   * the other members by path relative to that folder, with their (uncompressed) sizes. Formats
   * whose members refer to each other use it (a PyTorch {@code data.pkl} declaring the sizes of the
   * {@code data/<key>} storages next to it). Null for top-level files and nested payloads.
   */
  public FolderView siblings() {
    return siblings;
  }

  public ScanOptions options() {
    return root.options();
  }

  public Budgets budgets() {
    return root.options().budgets();
  }

  public String format() {
    return format;
  }

  /** Refines the format id once the scanner knows more (zip → pytorch-zip). */
  public void setFormat(String format) {
    this.format = format;
  }

  public Location location() {
    return Location.of(path);
  }

  public Location location(long offset) {
    return Location.at(path, offset);
  }

  public void report(Finding f) {
    findings.add(f);
  }

  /** Reports a finding of {@code ruleId} at its default severity. */
  public void report(String ruleId, long offset, String message, String evidence) {
    report(RuleCatalog.rule(ruleId).finding(location(offset), message, evidence));
  }

  /** Reports a finding of {@code ruleId} at an explicit severity. */
  public void report(String ruleId, Severity severity, long offset, String message, String evidence) {
    Rule r = RuleCatalog.rule(ruleId);
    report(r.finding(severity, location(offset), message, evidence));
  }

  public List<Finding> findings() {
    return findings;
  }

  /** Records a pickle import ({@code module.name}) for {@code --list-globals}. */
  public void addGlobal(String qualified) {
    globals.add(qualified);
  }

  /**
   * Marks the analysis incomplete (truncated, unsupported feature, budget reached). The first
   * reason is kept; the file's verdict becomes inconclusive.
   */
  public void inconclusive(String reason) {
    if (inconclusive == null) inconclusive = reason;
  }

  public String inconclusiveReason() {
    return inconclusive;
  }

  /**
   * Scans a member of this file (an archive entry, a nested pickle) through the normal dispatch.
   * Its result is listed in the report as {@code path!/name}. Fails with a budget exception past
   * the nesting depth.
   */
  public FileResult scanMember(String name, ByteSource member) throws BudgetExceededException {
    return scanMember(name, member, null);
  }

  /**
   * Scans an archive member like {@link #scanMember(String, ByteSource)}, giving it {@code
   * siblings}: the archive folder it sits in (see {@link #siblings()}).
   */
  public FileResult scanMember(String name, ByteSource member, FolderView siblings) throws BudgetExceededException {
    if (depth + 1 > budgets().maxDepth())
      throw new BudgetExceededException("nesting deeper than " + budgets().maxDepth() + " levels at " + name);
    checkDeadline();
    return engine.scanNested(root, path + "!/" + name, member, depth + 1, siblings);
  }

  /** Counts decompressed bytes against the per-file expansion budget. */
  public void chargeExpanded(long bytes) throws BudgetExceededException {
    root.chargeExpanded(bytes);
  }

  /** Fails once this top-level file has used up its time budget. */
  public void checkDeadline() throws BudgetExceededException {
    root.checkDeadline();
  }

  List<String> globals() {
    return new ArrayList<>(globals);
  }
}
