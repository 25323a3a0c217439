package io.modelvet.formats.huggingface;

import io.modelvet.formats.common.JsonSupport;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Any other JSON file in a model folder ({@code tokenizer.json}, {@code vocab.json}, {@code
 * special_tokens_map.json}, unknown JSON). JSON is data: loaders do not run it. The document is
 * streamed (never held whole) under Jackson read constraints, string values go to {@link
 * PayloadChecks}, and a document that turns out to carry Hugging Face code-loading keys beyond the
 * sniffed head gets the {@link HfConfigScanner} checks.
 */
public final class JsonScanner implements Scanner {
  /** Top-level keys that make the Hugging Face checks worth running. */
  private static final Set<String> HF_KEYS = Set.of("auto_map", "custom_pipelines", "chat_template", "weight_map", "trust_remote_code");

  @Override
  public String format() {
    return "json";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("json");
  }

  @Override
  public int sniffCeiling() {
    return 20;
  }

  @Override
  public int sniff(Head head) {
    return JsonSupport.looksLikeJson(head) ? 20 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    boolean hfKeys = false;
    long strings = 0;
    try (InputStream in = ctx.source().openStream(0);
        JsonParser p = JsonSupport.factory(ctx.budgets(), Long.MAX_VALUE).createParser(in)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if ((++strings & 0xffff) == 0) ctx.checkDeadline();
        if (t == JsonToken.FIELD_NAME && p.getParsingContext().getParent().inRoot() && HF_KEYS.contains(p.currentName())) hfKeys = true;
        if (t == JsonToken.VALUE_STRING)
          PayloadChecks.checkString(ctx, p.getText(), p.currentName() != null ? "JSON value of \"" + p.currentName() + "\"" : "JSON array item", p.currentTokenLocation().getByteOffset());
      }
    } catch (IOException e) {
      if (e instanceof MalformedException) throw e;
      throw new MalformedException("invalid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (hfKeys) HfConfigScanner.analyze(ctx, JsonSupport.readTree(ctx));
  }
}
