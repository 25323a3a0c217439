package io.modelvet.server.jobs;

import io.modelvet.server.db.Database;
import io.modelvet.server.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job table as a durable queue. A job is claimed by a conditional update (only one worker wins),
 * its result is written once by another conditional update, and at start-up jobs left running by a
 * stopped process go back to the queue: nothing submitted is lost and nothing runs to two results.
 */
public final class JobStore {
  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String DONE = "done";
  public static final String FAILED = "failed";
  private static final String COLUMNS =
      "id, kind, status, model_key, display_name, submitted_by, submitted_at, started_at, finished_at, attempts, error, verdict, worst, finding_count, version_digest, request";

  private final Database db;

  public JobStore(Database db) {
    this.db = db;
  }

  public void insert(String id, String kind, String request, String modelKey, String displayName, String submittedBy) {
    db.tx(c -> Sql.update(c,
        "INSERT INTO job (id, kind, status, request, model_key, display_name, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        id, kind, QUEUED, request, clip(modelKey), clip(displayName), submittedBy, System.currentTimeMillis()));
  }

  /** Puts jobs a stopped process left running back in the queue; returns how many. */
  public int requeueInterrupted() {
    return db.tx(c -> Sql.update(c, "UPDATE job SET status = ?, started_at = NULL WHERE status = ?", QUEUED, RUNNING));
  }

  /** The oldest queued job, now marked running by this caller, or null when the queue is empty. */
  public Job claimNext() {
    for (int attempt = 0; attempt < 20; attempt++) {
      String id = db.tx(c -> Sql.one(c, "SELECT id FROM job WHERE status = ? ORDER BY seq LIMIT 1", rs -> rs.getString(1), QUEUED));
      if (id == null) return null;
      int won = db.tx(c -> Sql.update(c,
          "UPDATE job SET status = ?, started_at = ?, attempts = attempts + 1 WHERE id = ? AND status = ?",
          RUNNING, System.currentTimeMillis(), id, QUEUED));
      if (won == 1) return find(id);
    }
    return null;
  }

  /** Stores the result of a running job; false if the job was not running (never stored twice). */
  public boolean complete(String id, JobResult r) {
    return db.tx(c -> Sql.update(c,
        "UPDATE job SET status = ?, finished_at = ?, verdict = ?, worst = ?, finding_count = ?, version_digest = ?, bytes_read = ?,"
            + " report_json = ?, sarif = ?, bom = ?, html = ?, files_json = ? WHERE id = ? AND status = ?",
        DONE, System.currentTimeMillis(), r.verdict(), r.worst(), r.findingCount(), r.versionDigest(), r.bytesRead(),
        r.reportJson(), r.sarif(), r.bom(), r.html(), r.filesJson(), id, RUNNING)) == 1;
  }

  public boolean fail(String id, String error) {
    return db.tx(c -> Sql.update(c, "UPDATE job SET status = ?, finished_at = ?, error = ? WHERE id = ? AND status = ?",
        FAILED, System.currentTimeMillis(), clip(error), id, RUNNING)) == 1;
  }

  public Job find(String id) {
    return db.tx(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM job WHERE id = ?", JobStore::job, id));
  }

  /** One stored document of a job: report_json, sarif, bom, html or files_json. */
  public String document(String id, Document doc) {
    return db.tx(c -> Sql.one(c, "SELECT " + doc.column + " FROM job WHERE id = ?", rs -> rs.getString(1), id));
  }

  public List<Job> recent(String kind, int limit) {
    return db.tx(c -> Sql.query(c, "SELECT " + COLUMNS + " FROM job WHERE kind = ? ORDER BY seq DESC LIMIT ?", JobStore::job, kind, limit));
  }

  /** Every scan of one model, oldest first. */
  public List<Job> history(String modelKey) {
    return db.tx(c -> Sql.query(c, "SELECT " + COLUMNS + " FROM job WHERE kind = 'scan' AND model_key = ? ORDER BY seq", JobStore::job, modelKey));
  }

  public int count(String status) {
    return db.tx(c -> Sql.one(c, "SELECT COUNT(*) FROM job WHERE status = ?", rs -> rs.getInt(1), status));
  }

  /** Finished scans per verdict. */
  public Map<String, Integer> verdictCounts() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (String v : List.of("pass", "fail", "inconclusive")) m.put(v, 0);
    db.tx(c -> Sql.query(c, "SELECT verdict, COUNT(*) FROM job WHERE kind = 'scan' AND status = 'done' GROUP BY verdict",
        rs -> m.put(rs.getString(1), rs.getInt(2))));
    return m;
  }

  /** Finished scans since {@code sinceMillis}: finish time and finding count, oldest first. */
  public List<long[]> findingsSince(long sinceMillis) {
    return db.tx(c -> Sql.query(c,
        "SELECT finished_at, finding_count FROM job WHERE kind = 'scan' AND status = 'done' AND finished_at >= ? ORDER BY finished_at",
        rs -> new long[] {rs.getLong(1), rs.getLong(2)}, sinceMillis));
  }

  /** Models with at least one scan, most recently scanned first: key, scans, last job id. */
  public List<String[]> models(int limit) {
    return db.tx(c -> Sql.query(c,
        "SELECT model_key, COUNT(*), MAX(seq) FROM job WHERE kind = 'scan' GROUP BY model_key ORDER BY MAX(seq) DESC LIMIT ?",
        rs -> new String[] {rs.getString(1), Integer.toString(rs.getInt(2))}, limit));
  }

  private static Job job(ResultSet rs) throws SQLException {
    return new Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
        rs.getLong(7), nullableLong(rs, 8), nullableLong(rs, 9), rs.getInt(10), rs.getString(11), rs.getString(12),
        rs.getString(13), nullableInt(rs, 14), rs.getString(15), rs.getString(16));
  }

  private static Long nullableLong(ResultSet rs, int i) throws SQLException {
    long v = rs.getLong(i);
    return rs.wasNull() ? null : v;
  }

  private static Integer nullableInt(ResultSet rs, int i) throws SQLException {
    int v = rs.getInt(i);
    return rs.wasNull() ? null : v;
  }

  private static String clip(String s) {
    return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
  }

  /** The documents a finished job may hold. */
  public enum Document {
    REPORT("report_json"),
    SARIF("sarif"),
    BOM("bom"),
    HTML("html"),
    FILES("files_json");

    final String column;

    Document(String column) {
      this.column = column;
    }
  }
}
