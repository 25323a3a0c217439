package io.modelvet.formats.pickle;

import static io.modelvet.testutil.Scans.describe;
import static io.modelvet.testutil.Scans.findings;
import static io.modelvet.testutil.Scans.worst;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Call-site-aware policy: a wrapper is judged by what it wraps (wrappers.tsv), in both directions. */
class WrappedCallTest {

  private static Finding only(List<FileResult> rs, String rule) {
    List<Finding> fs = findings(rs).stream().filter(f -> f.ruleId().equals(rule)).toList();
    assertThat(fs).as(describe(rs)).hasSize(1);
    return fs.get(0);
  }

  @Test
  void partialOfAnAllowListedBuiltinIsLow() {
    // functools.partial(builtins.int)('7')
    byte[] p = PickleWriter.proto(4).str("functools").str("partial").stackGlobal().str("builtins").str("int").stackGlobal().tuple1().reduce()
        .str("7").tuple1().reduce().stop().bytes();
    List<FileResult> rs = io.modelvet.testutil.Scans.members("p.pkl", p);
    Finding f = only(rs, "pickle.wrapped-call");
    assertThat(f.severity()).isEqualTo(Severity.LOW);
    assertThat(f.evidence()).isEqualTo("functools.partial(builtins.int)");
    assertThat(worst(rs)).isEqualTo(Severity.LOW);
  }

  @ParameterizedTest
  @CsvSource({"posix,system", "os,system", "subprocess,Popen", "builtins,eval", "builtins,__import__"})
  void partialOfAGadgetStaysCritical(String module, String name) {
    byte[] p = PickleWriter.proto(4).str("functools").str("partial").stackGlobal().str(module).str(name).stackGlobal().str("id").tuple2().reduce()
        .emptyTuple().reduce().stop().bytes();
    List<FileResult> rs = io.modelvet.testutil.Scans.members("g.pkl", p);
    assertThat(worst(rs)).as(describe(rs)).isEqualTo(Severity.CRITICAL);
    assertThat(findings(rs)).extracting(Finding::ruleId).doesNotContain("pickle.wrapped-call");
    assertThat(findings(rs)).anySatisfy(f -> {
      assertThat(f.ruleId()).isEqualTo("pickle.denied-callable");
      assertThat(f.message()).startsWith(module + "." + name);
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    });
  }

  @Test
  void partialWithAGadgetArgumentStaysCritical() {
    // functools.partial(builtins.int, os.system): the bound argument is a denied callable
    byte[] p = PickleWriter.proto(4).str("functools").str("partial").stackGlobal().str("builtins").str("int").stackGlobal()
        .str("os").str("system").stackGlobal().tuple2().reduce().stop().bytes();
    List<FileResult> rs = io.modelvet.testutil.Scans.members("h.pkl", p);
    assertThat(worst(rs)).as(describe(rs)).isEqualTo(Severity.CRITICAL);
    assertThat(findings(rs)).extracting(Finding::ruleId).doesNotContain("pickle.wrapped-call");
  }

  @Test
  void ultralyticsStyleGetattrOfAnAllowListedMethodStaysQuiet() {
    // getattr(ultralytics.nn.modules.head.Detect, 'forward'): how the bound method pickles
    byte[] p = PickleWriter.proto(2).global("builtins", "getattr").global("ultralytics.nn.modules.head", "Detect").str("forward").tuple2().reduce()
        .stop().bytes();
    List<FileResult> rs = io.modelvet.testutil.Scans.members("yolo.pt", p);
    assertThat(only(rs, "pickle.wrapped-call").severity()).isEqualTo(Severity.LOW);
    assertThat(worst(rs)).as(describe(rs)).isEqualTo(Severity.LOW);
  }

  @Test
  void getattrChainToSystemStaysCritical() {
    // getattr(os.path, 'system')('id'): the attribute is resolved by name to os.path.system, denied with os
    byte[] p = PickleWriter.proto(2).global("builtins", "getattr").global("os", "path").str("system").tuple2().reduce()
        .str("id").tuple1().reduce().stop().bytes();
    List<FileResult> rs = io.modelvet.testutil.Scans.members("ga.pkl", p);
    assertThat(worst(rs)).as(describe(rs)).isEqualTo(Severity.CRITICAL);
    assertThat(findings(rs)).extracting(Finding::ruleId).doesNotContain("pickle.wrapped-call").contains("pickle.denied-callable");
  }

  @Test
  void attrgetterAppliedToAModuleReachingSystemStaysCritical() {
    // operator.attrgetter('system')(os.path)('id')
    byte[] p = PickleWriter.proto(4).str("operator").str("attrgetter").stackGlobal().str("system").tuple1().reduce()
        .str("os").str("path").stackGlobal().tuple1().reduce().str("id").tuple1().reduce().stop().bytes();
    List<FileResult> rs = io.modelvet.testutil.Scans.members("ag.pkl", p);
    assertThat(worst(rs)).as(describe(rs)).isEqualTo(Severity.CRITICAL);
    assertThat(findings(rs)).extracting(Finding::ruleId).doesNotContain("pickle.wrapped-call");
  }

  @Test
  void dillArrayRebuildOfNumpyIsLow() {
    // dill._dill._create_array(numpy.core.multiarray._reconstruct, (numpy.ndarray, (0,), b'b'), None, None)
    byte[] p = PickleWriter.proto(4).str("dill._dill").str("_create_array").stackGlobal()
        .mark()
        .str("numpy.core.multiarray").str("_reconstruct").stackGlobal()
        .str("numpy").str("ndarray").stackGlobal().int1(0).tuple1().bytes("b".getBytes()).op(0x87) // TUPLE3
        .none().none()
        .tuple().reduce().stop().bytes();
    List<FileResult> rs = io.modelvet.testutil.Scans.members("d.dill", p);
    assertThat(findings(rs)).extracting(Finding::ruleId).as(describe(rs)).contains("pickle.wrapped-call").doesNotContain("pickle.denied-callable");
    assertThat(worst(rs)).isEqualTo(Severity.LOW);
  }
}
