package io.modelvet.io;

import java.io.IOException;

/** The input breaks its format's rules (bad length, bad magic, impossible structure). */
public class MalformedException extends IOException {
  public MalformedException(String message) {
    super(message);
  }
}
