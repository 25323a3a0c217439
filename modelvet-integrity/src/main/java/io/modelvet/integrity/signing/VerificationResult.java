package io.modelvet.integrity.signing;

import java.util.List;

/**
 * The outcome of verifying a model against a signature.
 *
 * @param problems everything that failed; empty means verified
 * @param warnings non-fatal remarks (e.g. no key hint in the signature)
 * @param statement the signed statement when the signature itself verified, else null
 */
public record VerificationResult(List<Problem> problems, List<String> warnings, Statement statement) {
  public VerificationResult {
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
  }

  public boolean verified() {
    return problems.isEmpty();
  }
}
