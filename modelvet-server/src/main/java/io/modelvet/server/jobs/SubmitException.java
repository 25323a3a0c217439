package io.modelvet.server.jobs;

/** A refused submission with the HTTP status to answer and a message fit to show the caller. */
public final class SubmitException extends Exception {
  private final int status;

  public SubmitException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
