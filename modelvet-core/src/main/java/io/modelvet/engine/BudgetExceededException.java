package io.modelvet.engine;

import java.io.IOException;

/** A resource budget was reached; the file is reported inconclusive with this message. */
public class BudgetExceededException extends IOException {
  public BudgetExceededException(String message) {
    super(message);
  }
}
