package io.modelvet.formats.xgboost;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.Ubjson;
import io.modelvet.formats.common.JsonStrings;
import io.modelvet.formats.common.JsonSupport;
import java.io.IOException;
import java.util.Set;

/**
 * XGBoost models: JSON ({@code save_model("m.json")}), UBJSON ({@code .ubj}, and the raw buffer a
 * pickled {@code Booster}/{@code XGBClassifier} carries) and the legacy binary format. These are
 * data: loading runs no code from the file. The scanner validates the structure XGBoost trusts
 * (tree node indices, feature indices), names non-built-in objectives and boosters, and checks
 * every string for payloads.
 */
public final class XgboostScanner implements Scanner {
  /** UBJSON documents holding more values than this are not expanded into a tree. */
  static final long MAX_VALUES = 8_000_000;

  private static final String[] UBJ_ROOT_KEYS = {"learner", "version", "Config", "Model"};

  @Override
  public String format() {
    return "xgboost";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("json", "ubj", "bin", "model", "xgb");
  }

  @Override
  public int sniffCeiling() {
    return 95;
  }

  @Override
  public int sniff(Head head) {
    if (head.startsWith(0, XgboostLegacyBinary.MAGIC)) return 90;
    if (Ubjson.startsObjectWithKey(head.bytes(), UBJ_ROOT_KEYS)) return 95;
    if (JsonSupport.looksLikeJson(head) && JsonSupport.topLevelKeys(head).contains("learner") && head.latin1().contains("\"gradient_booster\"")) return 75;
    return 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    Head head = ctx.head();
    if (head.startsWith(0, XgboostLegacyBinary.MAGIC)) {
      ctx.setFormat("xgboost-binary");
      new XgboostLegacyBinary(ctx).read();
      return;
    }
    JsonNode root;
    if (head.u8(0) == '{' && Ubjson.startsObjectWithKey(head.bytes(), UBJ_ROOT_KEYS)) {
      ctx.setFormat("xgboost-ubj");
      long size = ctx.source().size();
      if (size > ctx.budgets().maxInMemoryMember()) {
        ctx.inconclusive("XGBoost UBJSON model of " + size + " bytes is larger than the " + ctx.budgets().maxInMemoryMember() + "-byte analysis budget");
        return;
      }
      root = Ubjson.read(ctx.source(), 0, size, MAX_VALUES, ctx.budgets().maxOperandBytes());
    } else {
      ctx.setFormat("xgboost-json");
      root = JsonSupport.readTree(ctx);
    }
    if (!new XgboostModelCheck(ctx).check(root)) ctx.inconclusive("document has no XGBoost learner; not analysed as a model");
    JsonStrings.check(ctx, root);
  }
}
