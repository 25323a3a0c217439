package io.modelvet.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF protection for the sign-in form, which is posted before any session exists (login CSRF:
 * another site signing a victim's browser in with the attacker's token). A signed double-submit
 * cookie: the sign-in page sets a random, HttpOnly, SameSite=Strict cookie and puts
 * HMAC-SHA256(server key, cookie) in the form; a sign-in is accepted only when the form's value
 * matches the cookie it came with. The key is random per server process, so a form left open across
 * a restart is refused with a request to reload.
 */
public final class LoginCsrf {
  public static final String COOKIE = "mv_signin";
  private final byte[] key = new byte[32];

  public LoginCsrf() {
    new SecureRandom().nextBytes(key);
  }

  /** Whether {@code cookie} looks like a value this class handed out (else a new one is set). */
  public static boolean wellFormed(String cookie) {
    return cookie != null && cookie.length() == 43 && cookie.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
  }

  /** The value the form carries for the browser holding {@code cookie}. */
  public String formToken(String cookie) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(cookie.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** True when the form's token was made by this server for this cookie. */
  public boolean valid(String cookie, String formToken) {
    return wellFormed(cookie) && Secrets.same(formToken(cookie), formToken);
  }
}
