package io.modelvet.server.auth;

import io.modelvet.server.db.Database;
import io.modelvet.server.db.Sql;
import java.util.List;
import java.util.Optional;

/** API tokens: created and revoked by an admin from the command line; only their hashes are stored. */
public final class TokenStore {
  private final Database db;

  public TokenStore(Database db) {
    this.db = db;
  }

  /** Creates a token and returns its secret, which is shown once and never stored. */
  public String create(String name, Role role) {
    if (name == null || !name.matches("[A-Za-z0-9._@-]{1,100}"))
      throw new IllegalArgumentException("token name must be 1-100 letters, digits or . _ @ -");
    String secret = Secrets.newSecret("mvt_");
    db.tx(c -> {
      if (Sql.one(c, "SELECT id FROM api_token WHERE name = ? AND revoked_at IS NULL", rs -> rs.getLong(1), name) != null)
        throw new IllegalArgumentException("a token named '" + name + "' exists already (revoke it first)");
      return Sql.update(c, "INSERT INTO api_token (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)",
          name, role.id(), Secrets.hash(secret), System.currentTimeMillis());
    });
    return secret;
  }

  /** Revokes the token with this name (its row stays for the audit trail); false if none was active. */
  public boolean revoke(String name) {
    return db.tx(c -> Sql.update(c, "UPDATE api_token SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", System.currentTimeMillis(), name)) > 0;
  }

  public Optional<Principal> authenticate(String secret) {
    if (secret == null || secret.isBlank() || secret.length() > 200) return Optional.empty();
    return Optional.ofNullable(db.tx(c -> Sql.one(c,
        "SELECT id, name, role FROM api_token WHERE token_hash = ? AND revoked_at IS NULL",
        rs -> new Principal(rs.getLong(1), rs.getString(2), Role.parse(rs.getString(3))), Secrets.hash(secret))));
  }

  public Optional<Principal> byId(long id) {
    return Optional.ofNullable(db.tx(c -> Sql.one(c,
        "SELECT id, name, role FROM api_token WHERE id = ? AND revoked_at IS NULL",
        rs -> new Principal(rs.getLong(1), rs.getString(2), Role.parse(rs.getString(3))), id)));
  }

  public List<String> names() {
    return db.tx(c -> Sql.query(c, "SELECT name FROM api_token WHERE revoked_at IS NULL ORDER BY name", rs -> rs.getString(1)));
  }
}
