package io.modelvet.integrity;

import io.modelvet.integrity.signing.Problem;
import io.modelvet.integrity.signing.VerificationResult;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Location;
import io.modelvet.report.Verdict;
import io.modelvet.rules.RuleCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a signature verification into report findings (rules {@code integrity.*}, all CRITICAL),
 * so a failed verification counts in a scan's report and exit code like any other finding.
 */
public final class IntegrityFindings {
  /** The format id given to the model-level result that carries integrity findings. */
  public static final String FORMAT = "model-signature";

  private IntegrityFindings() {}

  /** The rule id for a verification problem. */
  public static String ruleId(Problem p) {
    switch (p.kind()) {
      case FILE_MODIFIED:
        return "integrity.file-modified";
      case FILE_ADDED:
        return "integrity.file-added";
      case FILE_REMOVED:
        return "integrity.file-removed";
      case SIGNATURE_INVALID:
        return "integrity.signature-invalid";
      case KEY_MISMATCH:
        return "integrity.key-mismatch";
      case UNTRUSTED_CERTIFICATE:
      case UNSUPPORTED_KEY:
        return "integrity.untrusted-signer";
      case MODEL_UNREADABLE:
        return "integrity.model-unreadable";
      default:
        return "integrity.signature-malformed";
    }
  }

  /** Findings for every problem; a file problem is located at {@code modelPath/file}. */
  public static List<Finding> findings(String modelPath, String signaturePath, VerificationResult result) {
    List<Finding> out = new ArrayList<>();
    for (Problem p : result.problems()) {
      Location where =
          p.path() == null ? Location.of(signaturePath) : Location.of(p.path().equals(".") ? modelPath : join(modelPath, p.path()));
      String evidence = p.expected() == null ? null : "signed " + p.expected() + ", found " + (p.actual() == null ? "-" : p.actual());
      out.add(RuleCatalog.rule(ruleId(p)).finding(where, p.message(), evidence));
    }
    return out;
  }

  /** A result for the model as a whole, to add to a scan report. */
  public static FileResult fileResult(String modelPath, String signaturePath, VerificationResult result) {
    List<Finding> findings = findings(modelPath, signaturePath, result);
    return new FileResult(
        modelPath, FORMAT, -1, findings.isEmpty() ? Verdict.CLEAN : Verdict.FINDINGS, null, findings, List.of(), List.of());
  }

  private static String join(String dir, String rel) {
    return dir.endsWith("/") ? dir + rel : dir + "/" + rel;
  }
}
