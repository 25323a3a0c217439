package io.modelvet.formats.pickle;

import static io.modelvet.testutil.Scans.describe;
import static io.modelvet.testutil.Scans.findings;
import static io.modelvet.testutil.Scans.members;
import static io.modelvet.testutil.Scans.worst;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.testutil.Scans;
import io.modelvet.config.ScanConfig;
import io.modelvet.engine.ScanOptions;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Malicious pickles built opcode by opcode, one per technique of the bypass catalogue (§5 A–C). */
class BypassCatalogueTest {

  private static byte[] osSystem(int protocol) {
    PickleWriter w = PickleWriter.proto(protocol);
    if (protocol < 2) return w.global("os", "system").mark().string0("echo hi").tuple().reduce().stop().bytes();
    return w.call("os", "system", "echo hi").stop().bytes();
  }

  private static Finding only(List<FileResult> r, String rule) {
    return findings(r).stream().filter(f -> f.ruleId().equals(rule)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + rule + " in\n" + describe(r)));
  }

  /** Some finding of {@code rule} at exactly {@code severity}, and nothing worse anywhere. */
  private static void assertRule(List<FileResult> r, String rule, Severity severity) {
    assertThat(findings(r)).as(describe(r)).anyMatch(f -> f.ruleId().equals(rule) && f.severity() == severity);
    assertThat(worst(r)).as(describe(r)).isEqualTo(severity);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5})
  void osSystemIsCriticalInEveryProtocolWithPseudoCode(int protocol) {
    List<FileResult> r = members("m.pkl", osSystem(protocol));
    Finding f = only(r, "pickle.denied-callable");
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.evidence()).isEqualTo("os.system('echo hi')");
    assertThat(r.get(0).globals()).contains("os.system");
  }

  @Test
  void getattrImportChainIsRenderedAsCode() {
    byte[] p = PickleWriter.proto(2)
        .global("builtins", "getattr").global("builtins", "__import__").str("os").tuple1().reduce()
        .str("system").tuple2().reduce()
        .str("id").tuple1().reduce().stop().bytes();
    List<FileResult> r = members("m.pkl", p);
    assertThat(findings(r)).extracting(Finding::evidence)
        .contains("builtins.getattr(builtins.__import__('os'), 'system')('id')");
    assertRule(r, "pickle.denied-callable", Severity.CRITICAL);
  }

  @ParameterizedTest
  @CsvSource({
    "__builtin__, eval, pickle.denied-callable, CRITICAL",
    "builtins, eval.__call__, pickle.denied-callable, CRITICAL",
    "pathlib, os.system, pickle.denied-callable, CRITICAL",
    "numpy, __builtins__, pickle.denied-callable, CRITICAL",
    "builtins, print.__class__.__base__.__subclasses__, pickle.denied-callable, CRITICAL",
    "asyncio.unix_events, _UnixSubprocessTransport._start, pickle.denied-callable, CRITICAL",
    "pkgutil, resolve_name, pickle.denied-callable, CRITICAL",
    "pydoc, locate, pickle.denied-callable, CRITICAL",
    "importlib, import_module, pickle.denied-callable, CRITICAL",
    "inspect, getattr_static, pickle.denied-callable, CRITICAL",
    "operator, attrgetter, pickle.denied-callable, CRITICAL",
    "_operator, methodcaller, pickle.denied-callable, CRITICAL",
    "functools, partial, pickle.denied-callable, CRITICAL",
    "runpy, _run_code, pickle.denied-callable, CRITICAL",
    "pip, main, pickle.denied-callable, CRITICAL",
    "timeit, timeit, pickle.denied-callable, CRITICAL",
    "numpy.testing._private.utils, runstring, pickle.denied-callable, CRITICAL",
    "torch.utils.collect_env, run, pickle.denied-callable, CRITICAL",
    "torch.serialization, load, pickle.denied-callable, CRITICAL",
    "torch._inductor.codecache, compile_file, pickle.denied-callable, CRITICAL",
    "uuid, _get_command_stdout, pickle.denied-callable, CRITICAL",
    "_osx_support, _read_output, pickle.denied-callable, CRITICAL",
    "idlelib.pyshell, ModifiedInterpreter.runcode, pickle.denied-callable, CRITICAL",
    "ctypes, CDLL, pickle.denied-callable, CRITICAL",
    "socket, create_connection, pickle.denied-callable, HIGH",
    "urllib.request, urlopen, pickle.denied-callable, HIGH",
    "logging, FileHandler, pickle.denied-callable, HIGH",
    "_io, FileIO, pickle.denied-callable, HIGH",
    "types, CodeType, pickle.code-object, CRITICAL",
    "marshal, loads, pickle.code-object, CRITICAL",
    "dill._dill, _create_code, pickle.code-object, CRITICAL",
    "cloudpickle.cloudpickle, _make_function, pickle.code-object, CRITICAL",
    "fickling.analysis, Analyzer, pickle.scanner-tampering, CRITICAL",
    "picklescan.scanner, scan_pickle_bytes, pickle.scanner-tampering, CRITICAL",
    "mypkg.tools, run_shell, pickle.unknown-callable, HIGH",
    "mypkg.util, frobnicate, pickle.unknown-callable, MEDIUM",
    "mlflow.projects.backend.local, _run_entry_point, pickle.denied-callable, CRITICAL",
    "pandas.io.parsers.readers, read_csv, pickle.denied-callable, HIGH"
  })
  void gadgetFamiliesAreCaught(String module, String name, String rule, Severity severity) {
    byte[] p = PickleWriter.proto(4).str(module).str(name).stackGlobal().str("x").tuple1().reduce().stop().bytes();
    List<FileResult> r = members("m.pkl", p);
    Finding f = only(r, rule);
    assertThat(f.severity()).as(describe(r)).isEqualTo(severity);
    assertThat(f.evidence()).as(describe(r)).endsWith("('x')");
  }

  @Test
  void unknownClassOnlyReconstructedIsLowAndStrictMakesItHigh() {
    byte[] p = PickleWriter.proto(4).global("mypkg.models", "Thing").emptyTuple().newobj()
        .emptyDict().str("a").int1(1).setitem().build().stop().bytes();
    List<FileResult> r = members("m.pkl", p);
    assertThat(worst(r)).as(describe(r)).isEqualTo(Severity.LOW);
    assertThat(only(r, "pickle.unknown-global").message()).contains("mypkg.models.Thing");
    List<FileResult> strict = members(ScanOptions.defaults().withStrict(true), "m.pkl", p);
    assertThat(worst(strict)).isEqualTo(Severity.HIGH);
  }

  @Test
  void configuredAllowEntrySilencesAnUnknownCallable() {
    byte[] p = PickleWriter.proto(4).call("mypkg.util", "frobnicate", "x").stop().bytes();
    ScanConfig cfg = new ScanConfig(List.of(new ScanConfig.AllowedGlobal("mypkg.util", "frobnicate", "our own helper")), null, null);
    List<FileResult> r = members(ScanOptions.defaults().withConfig(cfg), "m.pkl", p);
    assertThat(findings(r)).as(describe(r)).isEmpty();
  }

  @Test
  void memoIndirectionOfStackGlobalOperandsIsResolved() {
    byte[] p = PickleWriter.proto(4).str("os").binput(1).pop().str("system").binput(2).pop()
        .binget(1).binget(2).stackGlobal().str("id").tuple1().reduce().stop().bytes();
    assertThat(only(members("m.pkl", p), "pickle.denied-callable").evidence()).isEqualTo("os.system('id')");
  }

  @Test
  void memoizeOpcodeIsFollowed() {
    byte[] p = PickleWriter.proto(4).str("subprocess").memoize().pop().str("getoutput").memoize().pop()
        .binget(0).binget(1).stackGlobal().str("id").tuple1().reduce().stop().bytes();
    assertThat(only(members("m.pkl", p), "pickle.denied-callable").evidence()).isEqualTo("subprocess.getoutput('id')");
  }

  @Test
  void stringOperandsAndIndexZeroAreResolved() {
    byte[] p = new PickleWriter().string0("os").string0("system").stackGlobal().mark().string0("id").tuple().reduce().stop().bytes();
    List<FileResult> r = members("m.pkl", p);
    assertThat(only(r, "pickle.denied-callable").evidence()).isEqualTo("os.system('id')");
    byte[] bin = PickleWriter.proto(2).shortBinString("os").shortBinString("system").stackGlobal().shortBinString("id").tuple1().reduce().stop().bytes();
    assertThat(only(members("m.pkl", bin), "pickle.denied-callable").severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void invalidMemoKeyAndTypeConfusedOperandsAreCritical() {
    byte[] missing = PickleWriter.proto(4).binget(3).str("system").stackGlobal().str("id").tuple1().reduce().stop().bytes();
    List<FileResult> r = members("m.pkl", missing);
    assertThat(only(r, "pickle.unknown-callable").severity()).isEqualTo(Severity.CRITICAL);
    assertThat(only(r, "pickle.malformed").message()).contains("memo slot 3");
    byte[] intModule = PickleWriter.proto(4).binint(42).str("system").stackGlobal().str("id").tuple1().reduce().stop().bytes();
    assertThat(only(members("m.pkl", intModule), "pickle.unknown-callable").severity()).isEqualTo(Severity.CRITICAL);
    byte[] bytesName = PickleWriter.proto(4).str("os").bytes("system".getBytes(StandardCharsets.US_ASCII)).stackGlobal().none().tuple1().reduce().stop().bytes();
    assertThat(only(members("m.pkl", bytesName), "pickle.unknown-callable").severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void callResultAsStackGlobalOperandIsCritical() {
    byte[] p = PickleWriter.proto(4).call("builtins", "str", "os").str("system").stackGlobal().str("id").tuple1().reduce().stop().bytes();
    assertThat(only(members("m.pkl", p), "pickle.unknown-callable").severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void buildOnAGlobalIsAnAttributeOverride() {
    byte[] p = PickleWriter.proto(4).global("numpy", "prod").none().emptyDict().str("a").str("os").setitem().tuple2().build().pop().none().stop().bytes();
    Finding f = only(members("m.pkl", p), "pickle.attribute-override");
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.evidence()).contains("numpy.prod");
  }

  @Test
  void popDiscardedCallIsStillReported() {
    byte[] p = PickleWriter.proto(4).call("smtplib", "SMTP", "evil.example").pop().none().stop().bytes();
    assertRule(members("m.pkl", p), "pickle.denied-callable", Severity.HIGH);
  }

  @Test
  void instAndObjCallsAreReported() {
    byte[] inst = new PickleWriter().mark().string0("id").inst("os", "system").stop().bytes();
    assertThat(only(members("m.pkl", inst), "pickle.denied-callable").evidence()).isEqualTo("os.system('id')");
    byte[] obj = PickleWriter.proto(1).mark().global("mypkg.jobs", "spawn_worker").string0("x").obj().stop().bytes();
    assertThat(only(members("m.pkl", obj), "pickle.unknown-callable").severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void trailingGarbageAfterPayloadKeepsTheFinding() {
    byte[] p = PickleWriter.proto(2).raw(osSystem(4)).raw("\n\n\t\tgarbage").bytes();
    List<FileResult> r = members("m.pkl", p);
    assertRule(r, "pickle.denied-callable", Severity.CRITICAL);
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.FINDINGS);
  }

  @Test
  void truncatedStreamReportsPayloadAndIsDecisive() {
    byte[] full = PickleWriter.proto(4).call("os", "system", "id").emptyDict().bytes();
    List<FileResult> r = members("m.pkl", full);
    assertRule(r, "pickle.denied-callable", Severity.CRITICAL);
    assertThat(only(r, "pickle.truncated")).isNotNull();
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.FINDINGS);
    byte[] benignCut = PickleWriter.proto(4).emptyList().str("abc").append().bytes();
    List<FileResult> cut = members("m.pkl", benignCut);
    assertThat(cut.get(0).verdict()).as(describe(cut)).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void opcodeStraddlingAFrameEndIsADivergence() {
    PickleWriter w = PickleWriter.proto(4).frame(3).str("posix").str("system").stackGlobal().str("id").tuple1().reduce().stop();
    List<FileResult> r = members("m.pkl", w.bytes());
    assertThat(only(r, "pickle.frame-divergence").severity()).isEqualTo(Severity.MEDIUM);
    assertThat(only(r, "pickle.denied-callable").evidence()).isEqualTo("posix.system('id')");
  }

  @Test
  void extOpcodesAreHigh() {
    byte[] p = PickleWriter.proto(2).ext1(7).str("id").tuple1().reduce().stop().bytes();
    List<FileResult> r = members("m.pkl", p);
    assertThat(only(r, "pickle.ext-opcode").severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void benignThenMaliciousPicklesAreAllScanned() {
    byte[] second = new PickleWriter().global("subprocess", "getoutput").mark().string0("whoami").tuple().reduce().stop().bytes();
    byte[] p = PickleWriter.proto(4).emptyList().stop().raw(osSystem(2)).raw(second).bytes();
    List<FileResult> r = members("m.pkl", p);
    // each stream has its own payload: a scan that stopped after the first would miss the second
    assertThat(findings(r)).filteredOn(f -> f.ruleId().equals("pickle.denied-callable")).as(describe(r))
        .allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL))
        .extracting(Finding::evidence).contains("os.system('echo hi')", "subprocess.getoutput('whoami')");
  }

  @Test
  void nestedPickleLoadsIsScannedAsAMember() {
    byte[] inner = osSystem(4);
    byte[] p = PickleWriter.proto(4).global("pickle", "loads").bytes(inner).tuple1().reduce().stop().bytes();
    List<FileResult> r = members("m.pkl", p);
    assertThat(r).extracting(FileResult::path).anyMatch(s -> s.startsWith("m.pkl!/"));
    FileResult nested = r.stream().filter(x -> x.path().contains("!/")).findFirst().orElseThrow();
    assertThat(nested.findings()).extracting(Finding::evidence).contains("os.system('echo hi')");
    assertThat(only(r, "pickle.nested-pickle").severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void base64NestedPickleIsDecodedAndScanned() {
    String b64 = Base64.getEncoder().encodeToString(osSystem(2));
    byte[] p = PickleWriter.proto(4).global("_pickle", "loads").global("base64", "b64decode").str(b64).tuple1().reduce()
        .tuple1().reduce().stop().bytes();
    List<FileResult> r = members("m.pkl", p);
    FileResult nested = r.stream().filter(x -> x.path().contains("!/")).findFirst().orElseThrow(() -> new AssertionError(describe(r)));
    assertThat(nested.worst()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void hexDecodedPickleIsScannedEvenWithoutALoader() {
    String hex = java.util.HexFormat.of().formatHex(osSystem(4));
    byte[] p = PickleWriter.proto(4).global("binascii", "unhexlify").str(hex).tuple1().reduce().stop().bytes();
    List<FileResult> r = members("m.pkl", p);
    assertThat(r).as(describe(r)).anyMatch(x -> x.path().contains("!/") && x.worst() == Severity.CRITICAL);
  }

  @Test
  void dormantBase64PickleInDataIsScannedAtMedium() {
    String b64 = Base64.getEncoder().encodeToString(osSystem(4));
    byte[] p = PickleWriter.proto(4).emptyDict().str("payload").str(b64).setitem().stop().bytes();
    List<FileResult> r = members("m.pkl", p);
    assertThat(only(r, "pickle.nested-pickle").severity()).isEqualTo(Severity.MEDIUM);
    assertThat(r).as(describe(r)).anyMatch(x -> x.path().equals("m.pkl!/embedded-1") && x.worst() == Severity.CRITICAL);
  }

  @Test
  void allowListedTrampolineInvokingAnUnknownCallableIsFlagged() {
    byte[] q = PickleWriter.proto(2).global("torch._tensor", "_rebuild_from_type_v2").mark()
        .global("mypkg.evil", "payload").global("torch", "Tensor").emptyTuple().none().tuple().reduce().stop().bytes();
    List<FileResult> r = members("m.pkl", q);
    assertThat(only(r, "pickle.unknown-callable").evidence()).startsWith("torch._tensor._rebuild_from_type_v2(mypkg.evil.payload");
  }

  @Test
  void maliciousPickleAppendedToLegacyTorchFileIsFound() {
    byte[] legacy = Scans.resource("pickle/benign/torch_state_dict_legacy.pt");
    byte[] p = new PickleWriter().raw(legacy).raw(osSystem(2)).bytes();
    List<FileResult> r = members("model.pt", p);
    assertThat(r.get(0).format()).isEqualTo("pytorch-legacy");
    assertThat(only(r, "pickle.denied-callable").severity()).isEqualTo(Severity.CRITICAL);
    assertThat(only(r, "pickle.denied-callable").evidence()).isEqualTo("os.system('echo hi')");
  }

  @Test
  void hugeBytes8OperandIsSkippedNotLoaded() {
    byte[] p = PickleWriter.proto(4).bytes8Header(10_000_000L).raw(new byte[10_000_000]).stop().bytes();
    List<FileResult> r = members("big.pkl", p);
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.CLEAN);
  }
}
