package io.modelvet.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An access token for the hub. It is read from {@code HF_TOKEN} or a file, never from the command
 * line; it is never printed: {@link #toString()} hides it, and only {@link HttpTransport} puts it
 * in a header, for requests to the hub's own host.
 */
public final class HubToken {
  private static final HubToken NONE = new HubToken(null);
  private final String value;

  private HubToken(String value) {
    this.value = value;
  }

  public static HubToken none() {
    return NONE;
  }

  public static HubToken of(String value) {
    return value == null || value.isBlank() ? NONE : new HubToken(value.strip());
  }

  /** {@code HF_TOKEN} when set, else none. */
  public static HubToken fromEnvironment() {
    return of(System.getenv("HF_TOKEN"));
  }

  /** The first line of a token file (as written by {@code huggingface-cli login}). */
  public static HubToken fromFile(Path file) throws IOException {
    if (Files.size(file) > 64 << 10) throw new IOException("token file is too large: " + file);
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    int nl = text.indexOf('\n');
    HubToken t = of(nl >= 0 ? text.substring(0, nl) : text);
    if (!t.present()) throw new IOException("token file is empty: " + file);
    return t;
  }

  public boolean present() {
    return value != null;
  }

  /** The header value; package-private so that only the transport sees the secret. */
  String bearer() {
    return "Bearer " + value;
  }

  @Override
  public String toString() {
    return present() ? "HubToken[hidden]" : "HubToken[none]";
  }
}
