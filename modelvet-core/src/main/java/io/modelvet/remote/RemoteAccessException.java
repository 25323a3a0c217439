package io.modelvet.remote;

import java.io.IOException;

/**
 * A remote source refused or does not exist (401, 403, 404...) or could not be reached: a usage
 * or I/O error, not a scan result. The message is one line, fit for users, and never holds a token.
 */
public class RemoteAccessException extends IOException {
  private final int status;

  public RemoteAccessException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status, or 0 when the failure was not an HTTP answer. */
  public int status() {
    return status;
  }
}
