package io.modelvet.formats.text;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;

/** Zero-byte files: nothing to load, nothing to run. */
public final class EmptyFileScanner implements Scanner {
  @Override
  public String format() {
    return "empty";
  }

  @Override
  public int sniff(Head head) {
    return head.size() == 0 ? 100 : 0;
  }

  @Override
  public void scan(ScanContext ctx) {}
}
