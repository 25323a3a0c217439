package io.modelvet.cli;

/** Process exit codes shared by every command. */
final class ExitCodes {
  /** Nothing at or above the threshold and everything fully analysed. */
  static final int OK = 0;
  /** Findings at or above the threshold (or a verification failure). */
  static final int FINDINGS = 1;
  /** Usage or I/O error. */
  static final int ERROR = 2;
  /** Something could not be fully analysed and nothing reached the threshold. */
  static final int INCONCLUSIVE = 3;

  private ExitCodes() {}

  /**
   * Prints "no such file or folder" for the first missing path and returns {@link #ERROR}, or
   * returns {@link #OK} when every path exists.
   */
  static int requireExisting(java.util.Collection<java.nio.file.Path> paths) {
    for (java.nio.file.Path p : paths) {
      if (!java.nio.file.Files.exists(p)) {
        System.err.println("modelvet: no such file or folder: " + p);
        return ERROR;
      }
    }
    return OK;
  }
}
