package io.modelvet.formats.huggingface;

import static io.modelvet.formats.keras.KerasFixtures.first;
import static io.modelvet.formats.keras.KerasFixtures.fixture;
import static io.modelvet.formats.keras.KerasFixtures.quiet;
import static io.modelvet.formats.keras.KerasFixtures.scanBytes;
import static io.modelvet.formats.keras.KerasFixtures.scanOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.formats.common.python.PythonCodeAnalyzer;
import io.modelvet.formats.common.python.PythonCodeAnalyzer.Analysis;
import io.modelvet.formats.common.python.PythonCodeAnalyzer.Call;
import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PythonSourceScannerTest {

  private static List<String> importTime(String src) {
    return PythonCodeAnalyzer.analyze(src).calls().stream().filter(Call::importTime).map(Call::target).toList();
  }

  private static List<String> inFunction(String src) {
    return PythonCodeAnalyzer.analyze(src).calls().stream().filter(c -> !c.importTime()).map(Call::target).toList();
  }

  @Test
  void benignModelingFileIsRecognisedAndQuiet() throws Exception {
    FileResult r = scanOne(fixture("hf/remote_code_benign/modeling_tiny.py"));
    assertThat(r.format()).isEqualTo("python");
    assertThat(quiet(r)).as(r.findings().toString()).isTrue();
  }

  @Test
  void maliciousModelingFileIsCritical() throws Exception {
    FileResult r = scanOne(fixture("hf/remote_code_malicious/modeling_tiny.py"));
    assertThat(r.worst()).isEqualTo(Severity.CRITICAL);
    assertThat(first(r, "hf.python-decode-exec").orElseThrow().evidence()).contains("b64decode");
    assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("hf.python-import-time-call") && f.evidence().contains("os.system(\"curl"));
    assertThat(r.findings()).anyMatch(f -> f.ruleId().equals("hf.python-call-in-function") && f.severity() == Severity.MEDIUM && f.message().contains("socket.create_connection"));
  }

  @Test
  void aliasesStarImportsDynamicImportAndGetattrAreResolved() {
    String src = "import subprocess as sp\nfrom os import system as s\nfrom os import *\nimport importlib\n"
        + "sp.check_output(['id'])\ns('x')\npopen('y')\n__import__('os').system('z')\ngetattr(importlib.import_module('po' + 'six'), 'system')\n"
        + "importlib.import_module('subprocess').run(['a'])\n";
    assertThat(importTime(src)).contains("subprocess.check_output", "os.system", "os.popen", "importlib.import_module", "subprocess.run");
  }

  @Test
  void commentsStringsAndDocstringsDoNotCount() {
    String src = "\"\"\"Calls os.system('x') in the docs.\"\"\"\nimport os\n# os.system('rm -rf /')\nmsg = \"os.system('no')\"\nx = '''\nexec('no')\n'''\n";
    assertThat(PythonCodeAnalyzer.analyze(src).calls()).isEmpty();
  }

  @Test
  void decodingAndExecutingInSeparateStatementsIsStillCaught() {
    Analysis a = PythonCodeAnalyzer.analyze("import zlib, base64\nblob = zlib.decompress(base64.b64decode(DATA))\nexec(blob)\n");
    assertThat(a.decodeExec()).singleElement().satisfies(d -> assertThat(d.line()).isEqualTo(3));
    assertThat(a.worst()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void fStringExpressionsAreScanned() {
    assertThat(importTime("import os\nx = f\"{os.system('id')}\"\n")).containsExactly("os.system");
  }

  @Test
  void continuationsAndBracketsJoinLines() {
    assertThat(importTime("import os\nos.\\\n  system('a')\nresult = (\n  eval(\n 'x'))\n")).containsExactly("os.system", "eval");
  }

  @Test
  void scopeDecidesBetweenImportTimeAndFunction() {
    String src = "import os\nclass A:\n    x = os.system('class body runs on import')\n    def f(self):\n        os.system('in method')\n"
        + "def g(a=eval('default runs on import')):\n    return 1\ndef h(): exec('one-line body')\n"
        + "if __name__ == '__main__':\n    os.system('script only')\nos.popen('module level')\n";
    assertThat(importTime(src)).containsExactly("os.system", "eval", "os.popen");
    assertThat(inFunction(src)).containsExactly("os.system", "exec", "os.system");
  }

  @Test
  void readingFilesIsFineWritingIsNoted() {
    Analysis a = PythonCodeAnalyzer.analyze("def load(p):\n    with open(p) as f:\n        return f.read()\ndef save(p):\n    open(p, 'wb').write(b'')\n");
    assertThat(a.calls()).singleElement().satisfies(c -> {
      assertThat(c.target()).isEqualTo("open (for writing)");
      assertThat(c.severity()).isEqualTo(Severity.LOW);
    });
  }

  @Test
  void sniffingIsByContent() {
    FileResult py = scanBytes("noext", "#!/usr/bin/env python3\nprint('hi')\n".getBytes(StandardCharsets.UTF_8)).get(0);
    assertThat(py.format()).isEqualTo("python");
    FileResult module = scanBytes("x.txt", "# Copyright\n\"\"\"Doc\nstring\"\"\"\nfrom torch import nn\n\nclass M(nn.Module):\n    pass\n".getBytes(StandardCharsets.UTF_8)).get(0);
    assertThat(module.format()).isEqualTo("python");
    FileResult readme = scanBytes("README.md", "# Title\n\nThis model is great.\n\n```python\nimport torch\n```\n".getBytes(StandardCharsets.UTF_8)).get(0);
    assertThat(readme.format()).isEqualTo("text");
  }
}
