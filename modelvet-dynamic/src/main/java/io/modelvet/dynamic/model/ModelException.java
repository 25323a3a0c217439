package io.modelvet.dynamic.model;

/** The model cannot be loaded or run with the given data: a user-facing explanation. */
public class ModelException extends RuntimeException {
  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
