package io.modelvet.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.ScanReport;
import io.modelvet.report.Severity;
import io.modelvet.report.Suppression;
import io.modelvet.report.Verdict;
import io.modelvet.rules.Rule;
import io.modelvet.rules.RuleCatalog;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF consumers. Every finding is a result whose
 * rule carries the catalog's help text; archive members point at the outer file (the artifact a
 * repository holds) with the member path in the message; suppressed findings are emitted with an
 * external suppression; inconclusive files become tool notifications.
 */
public final class SarifRenderer implements Renderer {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  @Override
  public void render(ScanReport report, RenderOptions options, Writer out) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "ModelVet");
    driver.put("version", report.toolVersion());
    driver.put("semanticVersion", report.toolVersion());
    driver.put("informationUri", "https://github.com/modelvet/modelvet");

    Map<String, Integer> ruleIndex = new LinkedHashMap<>();
    ArrayNode rules = driver.putArray("rules");
    for (Rule r : RuleCatalog.get().all()) {
      ruleIndex.put(r.id(), ruleIndex.size());
      ObjectNode rn = rules.addObject();
      rn.put("id", r.id());
      rn.put("name", camel(r.id()));
      rn.putObject("shortDescription").put("text", r.title());
      rn.putObject("fullDescription").put("text", r.help());
      rn.putObject("help").put("text", r.help());
      rn.putObject("defaultConfiguration").put("level", level(r.severity()));
      ObjectNode props = rn.putObject("properties");
      ArrayNode tags = props.putArray("tags");
      tags.add("security");
      tags.add(r.owasp().name());
      if (r.cwe() != null) tags.add(r.cwe());
      props.put("security-severity", securitySeverity(r.severity()));
    }

    ArrayNode results = run.putArray("results");
    ArrayNode notifications = MAPPER.createArrayNode();
    for (FileResult f : report.files()) {
      for (Finding x : f.findings()) results.add(result(x, ruleIndex, null));
      for (Suppression s : f.suppressed()) results.add(result(s.finding(), ruleIndex, s.reason()));
      if (f.verdict() == Verdict.INCONCLUSIVE) {
        ObjectNode n = notifications.addObject();
        n.put("level", "warning");
        n.putObject("message").put("text", f.path() + " could not be fully analysed: " + f.inconclusiveReason());
        n.putArray("locations").addObject().set("physicalLocation", physical(f.path()));
      }
    }
    ObjectNode invocation = run.putArray("invocations").addObject();
    invocation.put("executionSuccessful", true);
    invocation.put("exitCode", report.exitCode(options.failOn()));
    if (!notifications.isEmpty()) invocation.set("toolExecutionNotifications", notifications);
    MAPPER.writeValue(out, root);
    out.write('\n');
    out.flush();
  }

  private static ObjectNode result(Finding x, Map<String, Integer> ruleIndex, String suppression) {
    ObjectNode r = MAPPER.createObjectNode();
    r.put("ruleId", x.ruleId());
    Integer idx = ruleIndex.get(x.ruleId());
    if (idx != null) r.put("ruleIndex", idx);
    r.put("level", level(x.severity()));
    String text = x.message();
    if (x.location().path().contains("!/")) text += " (in " + x.location().path() + ")";
    if (x.evidence() != null) text += " Evidence: " + x.evidence();
    r.putObject("message").put("text", text);
    ObjectNode loc = r.putArray("locations").addObject();
    loc.set("physicalLocation", physical(x.location().path()));
    if (x.location().detail() != null || x.location().offset() >= 0) {
      ObjectNode logical = loc.putArray("logicalLocations").addObject();
      String name = x.location().path().contains("!/") ? x.location().path().substring(x.location().path().indexOf("!/") + 2) : x.location().path();
      logical.put("fullyQualifiedName", name + (x.location().detail() != null ? "::" + x.location().detail() : "") + (x.location().offset() >= 0 ? "@" + x.location().offset() : ""));
    }
    r.putObject("partialFingerprints").put("modelvet/v1", Integer.toHexString((x.ruleId() + "|" + x.location().path() + "|" + x.location().offset() + "|" + x.evidence()).hashCode()));
    ObjectNode props = r.putObject("properties");
    props.put("severity", x.severity().name());
    props.put("owasp", x.owasp().name());
    props.put("security-severity", securitySeverity(x.severity()));
    if (x.evidence() != null) props.put("evidence", x.evidence());
    if (suppression != null) {
      ObjectNode s = r.putArray("suppressions").addObject();
      s.put("kind", "external");
      s.put("justification", suppression);
    }
    return r;
  }

  /** The artifact a repository holds: the outer file for archive members, relative and with '/'. */
  private static ObjectNode physical(String path) {
    String outer = path.contains("!/") ? path.substring(0, path.indexOf("!/")) : path;
    String uri = outer.replace('\\', '/');
    while (uri.startsWith("./")) uri = uri.substring(2);
    ObjectNode p = MAPPER.createObjectNode();
    p.putObject("artifactLocation").put("uri", encode(uri));
    return p;
  }

  private static String encode(String uri) {
    StringBuilder sb = new StringBuilder();
    for (char c : uri.toCharArray()) {
      if (c == ' ') sb.append("%20");
      else if (c == '%') sb.append("%25");
      else if (c == '#') sb.append("%23");
      else if (c == '?') sb.append("%3F");
      else sb.append(c);
    }
    return sb.toString();
  }

  private static String level(Severity s) {
    return switch (s) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, INFO -> "note";
    };
  }

  /** GitHub maps security-severity to critical (>= 9), high (>= 7), medium (>= 4), low. */
  private static String securitySeverity(Severity s) {
    return switch (s) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "3.0";
      case INFO -> "1.0";
    };
  }

  private static String camel(String id) {
    StringBuilder sb = new StringBuilder();
    boolean up = true;
    for (char c : id.toCharArray()) {
      if (c == '.' || c == '-' || c == '_') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb.toString();
  }
}
