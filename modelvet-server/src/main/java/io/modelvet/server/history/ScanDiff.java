package io.modelvet.server.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What changed between two scans of a model: findings new, resolved and unchanged (a finding is
 * the same when rule, file and evidence are), and files added, removed and changed by SHA-256.
 */
public record ScanDiff(
    List<DiffFinding> added,
    List<DiffFinding> resolved,
    List<DiffFinding> unchanged,
    List<String> filesAdded,
    List<String> filesRemoved,
    List<String> filesChanged,
    List<String> filesUnchanged) {

  /** One finding as the diff shows it. */
  public record DiffFinding(String ruleId, String severity, String path, String message, String evidence) {
    String key() {
      return ruleId + "\u0000" + path + "\u0000" + (evidence == null ? "" : evidence);
    }
  }

  /**
   * @param reportA older scan's JSON report, {@code filesA} its file digests (path to SHA-256)
   * @param reportB newer scan's JSON report, {@code filesB} its file digests
   */
  public static ScanDiff of(JsonNode reportA, JsonNode filesA, JsonNode reportB, JsonNode filesB) {
    Map<String, DiffFinding> a = findings(reportA);
    Map<String, DiffFinding> b = findings(reportB);
    List<DiffFinding> added = new ArrayList<>();
    List<DiffFinding> unchanged = new ArrayList<>();
    List<DiffFinding> resolved = new ArrayList<>();
    for (Map.Entry<String, DiffFinding> e : b.entrySet()) (a.containsKey(e.getKey()) ? unchanged : added).add(e.getValue());
    for (Map.Entry<String, DiffFinding> e : a.entrySet()) if (!b.containsKey(e.getKey())) resolved.add(e.getValue());
    Map<String, String> fa = digests(filesA);
    Map<String, String> fb = digests(filesB);
    List<String> fAdded = new ArrayList<>();
    List<String> fRemoved = new ArrayList<>();
    List<String> fChanged = new ArrayList<>();
    List<String> fSame = new ArrayList<>();
    TreeSet<String> all = new TreeSet<>(fa.keySet());
    all.addAll(fb.keySet());
    for (String f : all) {
      if (!fa.containsKey(f)) fAdded.add(f);
      else if (!fb.containsKey(f)) fRemoved.add(f);
      else if (!fa.get(f).equals(fb.get(f))) fChanged.add(f);
      else fSame.add(f);
    }
    return new ScanDiff(added, resolved, unchanged, fAdded, fRemoved, fChanged, fSame);
  }

  private static Map<String, DiffFinding> findings(JsonNode report) {
    Map<String, DiffFinding> m = new LinkedHashMap<>();
    if (report == null) return m;
    for (JsonNode f : report.path("files")) {
      for (JsonNode x : f.path("findings")) {
        DiffFinding d = new DiffFinding(x.path("ruleId").asText(), x.path("severity").asText(), f.path("path").asText(),
            x.path("message").asText(), x.hasNonNull("evidence") ? x.get("evidence").asText() : null);
        m.putIfAbsent(d.key(), d);
      }
    }
    return m;
  }

  private static Map<String, String> digests(JsonNode files) {
    Map<String, String> m = new LinkedHashMap<>();
    if (files == null) return m;
    for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      m.put(e.getKey(), e.getValue().asText());
    }
    return m;
  }
}
