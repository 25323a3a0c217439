package io.modelvet.server.api;

/** Ends a request with a status and a message fit to show the caller (JSON for the API, a page for the web). */
public final class HttpError extends RuntimeException {
  private final int status;

  public HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
