package io.modelvet.server.api;

/** Ends a request with a status and a message fit to show the caller (JSON for the API, a page for the web). */
public final class HttpError extends RuntimeException {
  private final int status;

  public HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** 408 for a request whose body was cut off at the request deadline ({@code cause} holds {@link RequestDeadline.Expired}). */
  public static HttpError timedOut(Throwable cause) {
    String limit = "";
    for (Throwable c = cause; c != null; c = c.getCause()) if (c instanceof RequestDeadline.Expired e) limit = e.getMessage();
    return new HttpError(408, limit + "; the body arrived too slowly and was cut off. Send it faster, or ask the operator to raise --request-timeout");
  }

  public int status() {
    return status;
  }
}
