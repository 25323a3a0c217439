package io.modelvet.dynamic.data;

/** The data file cannot be read or does not match what the test needs. */
public class DataException extends RuntimeException {
  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
