package io.modelvet.server.auth;

import io.modelvet.server.db.Database;
import io.modelvet.server.db.Sql;
import java.time.Duration;
import java.util.Optional;

/**
 * Browser sessions: signing in with a token creates a random session id (sent as an HttpOnly,
 * SameSite=Strict cookie; only its hash is stored) and a CSRF token that every form must carry.
 */
public final class WebSessions {
  public static final Duration LIFETIME = Duration.ofHours(8);
  private final Database db;
  private final TokenStore tokens;

  public WebSessions(Database db, TokenStore tokens) {
    this.db = db;
    this.tokens = tokens;
  }

  /** Creates a session for {@code p}; returns the session id (for the cookie). */
  public String create(Principal p) {
    String id = Secrets.newSecret("");
    long now = System.currentTimeMillis();
    db.tx(c -> {
      Sql.update(c, "DELETE FROM web_session WHERE expires_at < ?", now);
      return Sql.update(c, "INSERT INTO web_session (id_hash, token_id, csrf, expires_at) VALUES (?, ?, ?, ?)",
          Secrets.hash(id), p.tokenId(), Secrets.newSecret(""), now + LIFETIME.toMillis());
    });
    return id;
  }

  /** The signed-in caller and the session's CSRF token, if the session is valid and its token not revoked. */
  public Optional<Session> find(String sessionId) {
    if (sessionId == null || sessionId.isBlank() || sessionId.length() > 100) return Optional.empty();
    Object[] row = db.tx(c -> Sql.one(c, "SELECT token_id, csrf FROM web_session WHERE id_hash = ? AND expires_at > ?",
        rs -> new Object[] {rs.getLong(1), rs.getString(2)}, Secrets.hash(sessionId), System.currentTimeMillis()));
    if (row == null) return Optional.empty();
    return tokens.byId((Long) row[0]).map(p -> new Session(p, (String) row[1]));
  }

  public void delete(String sessionId) {
    if (sessionId != null) db.tx(c -> Sql.update(c, "DELETE FROM web_session WHERE id_hash = ?", Secrets.hash(sessionId)));
  }

  public record Session(Principal principal, String csrf) {}
}
