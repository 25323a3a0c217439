package io.modelvet.formats.huggingface;

import io.modelvet.formats.common.JsonSupport;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.engine.Budgets;
import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.engine.ScannerRegistry;
import io.modelvet.formats.keras.KerasFixtures;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.report.FileResult;
import io.modelvet.report.Verdict;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonScannerTest {

  private static FileResult scan(String json) {
    return KerasFixtures.scanBytes("data.json", json.getBytes(StandardCharsets.UTF_8)).get(0);
  }

  @Test
  void plainJsonIsCleanJson() {
    FileResult r = scan("{\"cls_token\":\"[CLS]\",\"list\":[1,2,{\"a\":null}]}");
    assertThat(r.format()).isEqualTo("json");
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void topLevelArrayIsJson() {
    assertThat(scan("[\"a\", \"b\"]").format()).isEqualTo("json");
  }

  @Test
  void nestingBeyondTheLimitIsInconclusive() {
    FileResult r = scan("{\"a\":" + "[".repeat(JsonSupport.MAX_NESTING + 10) + "]".repeat(JsonSupport.MAX_NESTING + 10) + "}");
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.inconclusiveReason()).contains("nesting");
  }

  @Test
  void stringLongerThanTheOperandBudgetIsInconclusive() {
    Budgets small = new Budgets(8, 1000, 1 << 20, 200, 1 << 20, 1000, 1000, 1000, 50, 1024, java.time.Duration.ofSeconds(30));
    ScanEngine engine = new ScanEngine(ScannerRegistry.defaults(), ScanOptions.defaults().withThreads(1).withBudgets(small));
    byte[] b = ("{\"k\":\"" + "x".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8);
    FileResult r = engine.scan("big.json", new ArrayByteSource(b)).get(0);
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.inconclusiveReason()).containsIgnoringCase("length");
  }

  @Test
  void truncatedJsonIsInconclusiveNotClean() {
    assertThat(scan("{\"a\": [1, 2").verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void vocabularyLinesAreNotMistakenForJson() {
    assertThat(scan("[PAD]\n[UNK]\n[CLS]\n").format()).isEqualTo("text");
  }
}
