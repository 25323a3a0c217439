package io.modelvet.formats.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.Scans;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GgufScannerTest {
  private static final Path FIX = Path.of("src/test/resources/fixtures/gguf");

  private static FileResult scan(String name) {
    return Scans.file(FIX.resolve(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"benign_llama_v3.gguf", "benign_llama_v2.gguf", "benign_v1.gguf", "benign_named_templates.gguf", "benign_nested_array.gguf"})
  void specConformantFilesWithRealTemplatesAreClean(String name) {
    FileResult r = scan(name);
    assertThat(r.format()).isEqualTo("gguf");
    assertThat(r.findings()).isEmpty();
    assertThat(r.verdict()).as(r.inconclusiveReason()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void chatTemplateSandboxEscapeIsCriticalWithTheKeyAndExcerpt() {
    FileResult r = scan("malicious_chat_template.gguf");
    Finding f = r.findings().stream().filter(x -> x.ruleId().equals("jinja.sandbox-escape-chain")).findFirst().orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.location().detail()).startsWith("tokenizer.chat_template");
    assertThat(f.evidence()).contains("cycler.__init__.__globals__.os.popen('id')");
    assertThat(f.location().offset()).isGreaterThan(24);
  }

  @Test
  void namedChatTemplatesAreAnalysedToo() {
    FileResult r = scan("malicious_named_template.gguf");
    assertThat(r.findings()).anyMatch(f -> f.severity() == Severity.CRITICAL && f.location().detail().startsWith("tokenizer.chat_template.rag"));
  }

  @ParameterizedTest
  @CsvSource({
    "huge_kv_count.gguf, gguf.malformed-header",
    "huge_tensor_count.gguf, gguf.malformed-header",
    "huge_string_len.gguf, gguf.malformed-header",
    "huge_array_len.gguf, gguf.malformed-header",
    "deep_nesting.gguf, gguf.malformed-header",
    "unknown_value_type.gguf, gguf.malformed-header",
    "bad_alignment.gguf, gguf.malformed-header",
    "unknown_ggml_type.gguf, gguf.malformed-header",
    "dup_key.gguf, gguf.malformed-header",
    "too_many_dims.gguf, gguf.malformed-header",
    "truncated.gguf, gguf.malformed-header",
    "bad_version.gguf, gguf.malformed-header",
    "misaligned_offset.gguf, gguf.tensor-bounds",
    "out_of_bounds.gguf, gguf.tensor-bounds",
    "overlap.gguf, gguf.tensor-bounds",
    "partial_block.gguf, gguf.tensor-bounds"
  })
  void hostileHeadersAreReportedAtMedium(String file, String rule) {
    FileResult r = scan(file);
    assertThat(r.format()).isEqualTo("gguf");
    assertThat(r.findings()).as(r.findings().toString()).anyMatch(f -> f.ruleId().equals(rule) && f.severity() == Severity.MEDIUM);
  }

  @Test
  void hugeCountsAlsoGetTheLowAnomalyAndNoAllocation() {
    FileResult r = scan("huge_array_len.gguf");
    assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("gguf.huge-count") && f.severity() == Severity.LOW);
    assertThat(r.findings()).anyMatch(f -> f.message().contains("1125899906842624 elements"));
  }

  @Test
  void misalignedFileNamesTheTensorAndAlignment() {
    FileResult r = scan("misaligned_offset.gguf");
    assertThat(r.findings()).anyMatch(f -> f.message().contains("blk.0.attn_norm.weight") && f.message().contains("alignment 32"));
  }

  @Test
  void bigEndianFilesAreInconclusiveNotClean() {
    byte[] be = {'G', 'G', 'U', 'F', 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    FileResult r = Scans.bytes("model-be.gguf", be);
    assertThat(r.format()).isEqualTo("gguf");
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.inconclusiveReason()).contains("big-endian");
  }

  @Test
  void overlapIsDistinguishedFromGaps() {
    FileResult r = scan("overlap.gguf");
    assertThat(r.findings()).anyMatch(f -> f.message().contains("inside another tensor"));
  }
}
