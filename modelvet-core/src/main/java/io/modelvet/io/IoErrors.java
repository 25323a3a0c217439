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

  /**
   * Where a JSON or YAML document stops making sense ("at line 3, column 7"), without the parser's
   * internal source description; for other failures, {@link #describe}.
   */
  public static String describeSyntax(IOException e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
      com.fasterxml.jackson.core.JsonLocation l = j.getLocation();
      return l != null && l.getLineNr() > 0 ? "at line " + l.getLineNr() + ", column " + l.getColumnNr() : "unreadable";
    }
    return describe(e);
  }

  /** What went wrong and, when the failure names one, on which file ({@code "a/b.bin: permission denied"}). */
  public static String describeWithPath(IOException e) {
    if (e instanceof FileSystemException f && f.getFile() != null) return f.getFile() + ": " + describe(e);
    return describe(e);
  }

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
