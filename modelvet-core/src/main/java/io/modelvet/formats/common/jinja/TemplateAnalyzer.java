package io.modelvet.formats.common.jinja;

import io.modelvet.engine.BudgetExceededException;
import io.modelvet.engine.ScanContext;
import io.modelvet.report.Location;
import io.modelvet.rules.RuleCatalog;

/**
 * Analyses a Jinja chat template for sandbox escapes by parsing it (never rendering it). Used by
 * every scanner that meets a template: GGUF {@code tokenizer.chat_template*}, Hugging Face
 * {@code tokenizer_config.json} {@code chat_template}, {@code chat_template.jinja}.
 */
public final class TemplateAnalyzer {
  private TemplateAnalyzer() {}

  /**
   * Reports findings for {@code template} into {@code ctx}.
   *
   * @param where where the template sits, for messages (e.g. "tokenizer.chat_template")
   * @param offset byte offset of the template in the file, or -1
   */
  public static void analyze(ScanContext ctx, String template, String where, long offset) {
    TemplateAnalysis.Result result = TemplateAnalysis.analyze(template, () -> expired(ctx));
    if (!result.complete()) ctx.inconclusive("time budget reached while analysing the chat template " + where);
    for (TemplateIssue issue : result.issues()) {
      String detail = issue.line() > 0 ? where + " line " + issue.line() : where;
      Location at = ctx.location(offset).withDetail(detail);
      ctx.report(
          RuleCatalog.rule(issue.ruleId())
              .finding(issue.severity(), at, "Chat template " + where + ": " + issue.message(), issue.evidence()));
    }
  }

  private static boolean expired(ScanContext ctx) {
    try {
      ctx.checkDeadline();
      return false;
    } catch (BudgetExceededException e) {
      return true;
    }
  }
}
