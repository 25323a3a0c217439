package io.modelvet.formats.pmml;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.formats.common.SecureXml;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamReader;

/**
 * PMML documents (root element {@code PMML}). Parsed with {@link SecureXml}, so XXE and entity
 * bombs are findings. PMML itself is declarative, but {@code Extension} elements are free-form
 * and some engines interpret them: code or script text inside them is reported. {@code Apply}
 * elements calling a function named like a Java class are reported too, since JPMML-style
 * evaluators resolve such names to classes on the classpath.
 */
public final class PmmlScanner implements Scanner {
  /** Script or code in an Extension: imports, definitions, eval/exec, process creation, markup. */
  private static final Pattern SCRIPT = Pattern.compile(
      "(?m)^\\s*(import|from)\\s+[\\w.]+|\\bdef\\s+\\w+\\s*\\(|\\b(eval|exec|compile|__import__)\\s*\\(|\\bos\\.(system|popen)|\\bsubprocess\\.|Runtime\\.getRuntime|ProcessBuilder|<script\\b|\\bfunction\\s*\\w*\\s*\\([^)]*\\)\\s*\\{|\\blibrary\\s*\\(|\\bsystem\\s*\\(");
  /** A fully qualified Java class name: lower-case package segments, a capitalised class. */
  private static final Pattern JAVA_CLASS = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*\\.[A-Z][\\w$]*");

  @Override
  public String format() {
    return "pmml";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("pmml", "xml");
  }

  @Override
  public int sniffCeiling() {
    return 85;
  }

  @Override
  public int sniff(Head head) {
    return "PMML".equals(SecureXml.localName(SecureXml.rootElement(head.bytes()))) ? 85 : 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    Walk w = new Walk(ctx);
    SecureXml.walk(ctx, w);
    if (!w.rootSeen) ctx.inconclusive("XML root is not a PMML element");
  }

  /** One pass over the document. */
  private static final class Walk implements SecureXml.Handler {
    private final ScanContext ctx;
    private final CappedReports reports;
    boolean rootSeen;
    private int extensionDepth;
    private String extensionName;

    Walk(ScanContext ctx) {
      this.ctx = ctx;
      this.reports = new CappedReports(ctx, 20);
    }

    @Override
    public void start(XMLStreamReader r, int depth) {
      String name = r.getLocalName();
      if (depth == 1) rootSeen = name.equals("PMML");
      if (name.equals("Extension") && extensionDepth == 0) {
        extensionDepth = depth;
        String n = r.getAttributeValue(null, "name");
        extensionName = n == null ? "(unnamed)" : n;
      }
      if (name.equals("Apply")) {
        String fn = r.getAttributeValue(null, "function");
        if (fn != null && JAVA_CLASS.matcher(fn).matches())
          reports.report("pmml.java-function", -1,
              "An Apply element calls \"" + fn + "\", a Java class name. JPMML-style evaluators load such user-defined functions from the classpath by name, so the model chooses which class runs.",
              "<Apply function=\"" + fn + "\">");
      }
      for (int i = 0; i < r.getAttributeCount(); i++) {
        String v = r.getAttributeValue(i);
        if (extensionDepth > 0) script(v, "attribute " + r.getAttributeLocalName(i) + " of <" + name + ">");
        PayloadChecks.checkString(ctx, v, "attribute " + r.getAttributeLocalName(i) + " of <" + name + ">", -1);
      }
    }

    @Override
    public void text(String text, int depth, long offset) {
      if (extensionDepth > 0) script(text, "text");
      PayloadChecks.checkString(ctx, text, "text", offset);
    }

    @Override
    public void end(XMLStreamReader r, int depth) {
      if (depth == extensionDepth) extensionDepth = 0;
    }

    private void script(String value, String where) {
      Matcher m = SCRIPT.matcher(value);
      if (!m.find()) return;
      int from = Math.max(0, m.start() - 40);
      int to = Math.min(value.length(), m.end() + 80);
      reports.report("pmml.extension-script", -1,
          "The Extension \"" + extensionName + "\" carries code (" + where + "). PMML has no code of its own; engines that interpret this extension would run it.",
          value.substring(from, to).strip());
    }
  }
}
