package io.modelvet.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Plain-language descriptions of I/O failures, for reports and error messages (no Java names). */
public final class IoErrors {
  private IoErrors() {}

  /** What went wrong, without the path (the caller names the file). */
  public static String describe(IOException e) {
    if (e instanceof AccessDeniedException) return "permission denied";
    if (e instanceof NoSuchFileException) return "it does not exist (any more)";
    if (e instanceof FileSystemLoopException) return "symbolic link loop";
    if (e instanceof NotDirectoryException) return "not a folder";
    if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
    String m = e.getMessage();
    return m == null || m.isBlank() ? "input/output error" : m;
  }
}
