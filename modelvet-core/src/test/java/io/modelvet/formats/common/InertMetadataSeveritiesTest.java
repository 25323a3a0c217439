package io.modelvet.formats.common;

import static io.modelvet.testutil.Scans.assertFinding;
import static io.modelvet.testutil.Scans.fixture;
import static io.modelvet.testutil.Scans.members;

import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Severities that issue 8 is about to change, pinned to today's behaviour IN ONE PLACE so that
 * the change updates exactly these lines: code or shell text in inert metadata (nothing loads or
 * runs it) and the TorchScript advisory on a clean TorchScript file.
 */
class InertMetadataSeveritiesTest {
  // issue 8: inert-text severities
  static final Severity CODE_IN_INERT_METADATA = Severity.MEDIUM;
  static final Severity SHELL_IN_INERT_METADATA = Severity.MEDIUM;
  // issue 8: TorchScript advisory when the code is clean
  static final Severity TORCHSCRIPT_ADVISORY = Severity.MEDIUM;

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
