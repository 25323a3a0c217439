package io.modelvet.server.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.modelvet.server.auth.AuditLog;
import io.modelvet.server.auth.Principal;
import io.modelvet.server.auth.RateLimiter;
import io.modelvet.server.auth.Role;
import io.modelvet.server.auth.Secrets;
import io.modelvet.server.auth.TokenStore;
import io.modelvet.server.auth.WebSessions;
import java.util.Optional;

/**
 * Who is calling: {@code Authorization: Bearer TOKEN} on the API; a browser session on the web
 * pages and on API downloads (GET only, so a session can never submit without the form's CSRF
 * token). Every authenticated request is counted against the caller's rate limit.
 */
public final class Auth {
  public static final String SESSION_COOKIE = "mv_session";
  /** The answer to a form post without the right CSRF token. */
  public static final String FORM_EXPIRED = "The form has expired or did not come from this site; reload the page and try again.";
  private static final String PRINCIPAL = "modelvet.principal";
  private static final String SESSION = "modelvet.session";
  private final TokenStore tokens;
  private final WebSessions sessions;
  private final RateLimiter limiter;
  private final AuditLog audit;

  public Auth(TokenStore tokens, WebSessions sessions, RateLimiter limiter, AuditLog audit) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.limiter = limiter;
    this.audit = audit;
  }

  /** Before every API request: authenticate and rate-limit, or end the request with 401/429. */
  public void api(Context ctx) {
    String header = ctx.header("Authorization");
    Optional<Principal> p;
    if (header != null) {
      if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) throw new HttpError(401, "use Authorization: Bearer TOKEN");
      p = tokens.authenticate(header.substring(7).trim());
      if (p.isEmpty()) {
        audit.record("-", ctx.ip(), "auth.refused", ctx.method() + " " + ctx.path());
        throw new HttpError(401, "invalid or revoked token");
      }
    } else if (ctx.method() == HandlerType.GET) {
      p = session(ctx).map(WebSessions.Session::principal);
      if (p.isEmpty()) throw new HttpError(401, "missing Authorization: Bearer TOKEN");
    } else {
      throw new HttpError(401, "missing Authorization: Bearer TOKEN");
    }
    limit(ctx, p.get());
    ctx.attribute(PRINCIPAL, p.get());
  }

  private void limit(Context ctx, Principal p) {
    if (!limiter.tryAcquire(p.name())) {
      ctx.header("Retry-After", Long.toString(limiter.retryAfterSeconds()));
      throw new HttpError(429, "rate limit reached for this token; retry later");
    }
  }

  /** The browser session, if the cookie names a valid one (cached on the request). */
  public Optional<WebSessions.Session> session(Context ctx) {
    WebSessions.Session cached = ctx.attribute(SESSION);
    if (cached != null) return Optional.of(cached);
    Optional<WebSessions.Session> s = sessions.find(ctx.cookie(SESSION_COOKIE));
    s.ifPresent(x -> ctx.attribute(SESSION, x));
    return s;
  }

  /** Before a web page: the session's caller, counted against the rate limit, or null if signed out. */
  public WebSessions.Session web(Context ctx) {
    Optional<WebSessions.Session> s = session(ctx);
    if (s.isEmpty()) return null;
    limit(ctx, s.get().principal());
    ctx.attribute(PRINCIPAL, s.get().principal());
    return s.get();
  }

  /** A form post from a signed-in browser must carry the session's CSRF token. */
  public static void checkCsrf(WebSessions.Session s, String formToken) {
    if (!Secrets.same(s.csrf(), formToken)) throw new HttpError(403, FORM_EXPIRED);
  }

  /** The caller, who must hold at least {@code role}. */
  public static Principal require(Context ctx, Role role) {
    Principal p = ctx.attribute(PRINCIPAL);
    if (p == null) throw new HttpError(401, "not signed in");
    if (!p.role().allows(role)) throw new HttpError(403, "this token's role (" + p.role().id() + ") may not do this; " + role.id() + " is needed");
    return p;
  }
}
