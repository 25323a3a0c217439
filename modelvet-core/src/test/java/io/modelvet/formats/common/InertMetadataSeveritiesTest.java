package io.modelvet.formats.common;

import static io.modelvet.testutil.Scans.assertFinding;
import static io.modelvet.testutil.Scans.fixture;
import static io.modelvet.testutil.Scans.members;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Severities of code in inert places, pinned in one place (issue 8): a complete executable
 * snippet in metadata no loader evaluates stays MEDIUM (prose that merely mentions code is LOW,
 * see PayloadChecksTest), and a TorchScript file whose code analysed clean is a LOW advisory.
 */
class InertMetadataSeveritiesTest {
  // issue 8: complete snippets (a call with a string argument, a shell command line) in inert text
  static final Severity CODE_IN_INERT_METADATA = Severity.MEDIUM;
  static final Severity SHELL_IN_INERT_METADATA = Severity.MEDIUM;
  // issue 8: TorchScript advisory when the code is clean (CVE-2025-32434 named)
  static final Severity TORCHSCRIPT_ADVISORY = Severity.LOW;

  @Test
  void codeInOnnxMetadataProps() {
    List<FileResult> rs = members(fixture("graph/onnx/suspicious/metadata_code.onnx"));
    assertFinding(rs, "metadata_code.onnx", "payload.code-in-text", CODE_IN_INERT_METADATA);
    assertFinding(rs, "metadata_code.onnx", "payload.shell-command", SHELL_IN_INERT_METADATA);
  }

  @Test
  void shellCommandInSafetensorsMetadata() {
    List<FileResult> rs = members(fixture("safetensors/metadata_shell.safetensors"));
    assertFinding(rs, "metadata_shell.safetensors", "payload.shell-command", SHELL_IN_INERT_METADATA);
  }

  @Test
  void cleanTorchScriptAdvisory() {
    List<FileResult> rs = members(fixture("containers/tiny_torchscript.pt"));
    assertFinding(rs, "tiny_torchscript.pt", "pytorch.torchscript", TORCHSCRIPT_ADVISORY);
  }
}
