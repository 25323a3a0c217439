package io.modelvet.server.auth;

import io.modelvet.server.db.Database;
import io.modelvet.server.db.Sql;
import java.util.List;

/** Who did what, when, from where: submissions, sign-ins, refusals. Kept in the database. */
public final class AuditLog {
  private final Database db;

  public AuditLog(Database db) {
    this.db = db;
  }

  public void record(String actor, String remoteAddr, String action, String target) {
    String t = target == null ? "" : target.length() > 2000 ? target.substring(0, 2000) : target;
    db.tx(c -> Sql.update(c, "INSERT INTO audit_log (occurred_at, actor, remote_addr, action, target) VALUES (?, ?, ?, ?, ?)",
        System.currentTimeMillis(), actor == null ? "-" : actor, remoteAddr == null ? "-" : remoteAddr, action, t));
  }

  /** The newest entries first. */
  public List<Entry> recent(int limit) {
    return db.tx(c -> Sql.query(c, "SELECT occurred_at, actor, remote_addr, action, target FROM audit_log ORDER BY id DESC LIMIT ?",
        rs -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)), limit));
  }

  public record Entry(long at, String actor, String remoteAddr, String action, String target) {}
}
