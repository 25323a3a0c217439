package io.modelvet.formats.jinja;

import io.modelvet.engine.ScanContext;

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
    // Implemented by the GGUF/Jinja work (issue 3); until then templates are not analysed.
  }
}
