package io.modelvet.formats.jinja;

import io.modelvet.formats.common.jinja.TemplateAnalyzer;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.io.SourceReader;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Standalone Jinja chat templates ({@code chat_template.jinja}, {@code .j2} files): UTF-8 text with
 * Jinja tags. Sniffed with moderate confidence so that JSON and YAML scanners, which handle
 * templates embedded in configs, win on their own formats. The whole file goes through
 * {@link TemplateAnalyzer}.
 */
public final class JinjaTemplateScanner implements Scanner {
  private static final List<String> CHAT_WORDS =
      List.of("messages", "message[", "message.", "add_generation_prompt", "bos_token", "eos_token", "role", "content");

  @Override
  public String format() {
    return "jinja";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("jinja", "jinja2", "j2", "template", "tmpl");
  }

  @Override
  public int sniffCeiling() {
    return 40;
  }

  @Override
  public int sniff(Head head) {
    if (!head.looksLikeText()) return 0;
    String text = head.latin1();
    String lead = text.stripLeading();
    boolean jinjaStart = lead.startsWith("{{") || lead.startsWith("{%") || lead.startsWith("{#");
    if (!jinjaStart && (lead.startsWith("{") || lead.startsWith("["))) return 0; // JSON: its own scanner
    boolean tags = (text.contains("{{") && text.contains("}}")) || (text.contains("{%") && text.contains("%}"));
    if (!tags) return 0;
    boolean chat = CHAT_WORDS.stream().anyMatch(text::contains);
    return chat ? 40 : 20;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    long size = ctx.source().size();
    int limit = ctx.budgets().maxOperandBytes();
    if (size > limit) {
      ctx.inconclusive("template of " + size + " bytes is larger than the " + limit + "-byte analysis budget");
      return;
    }
    String template = SourceReader.of(ctx.source()).readUtf8(size, limit);
    TemplateAnalyzer.analyze(ctx, template, "file", 0);
  }
}
