package io.modelvet.cli;

import io.modelvet.config.ConfigException;
import io.modelvet.io.IoErrors;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

/** The one line a command failure prints: plain words, never a Java class name or stack trace. */
final class ErrorMessages {
  private ErrorMessages() {}

  static String describe(Throwable e) {
    if (e instanceof ConfigException) return e.getMessage();
    if (e instanceof NoSuchFileException n) return n.getFile() + ": " + (n.getReason() != null ? n.getReason() : "no such file or folder");
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) return "malformed JSON or YAML input (" + IoErrors.describeSyntax(j) + ")";
    if (e instanceof IOException io) return IoErrors.describeWithPath(io);
    if (e instanceof OutOfMemoryError) return "out of memory; give Java more with MODELVET_JAVA_OPTS=-Xmx4g";
    String m = e.getMessage();
    if (m == null || m.isBlank()) return "internal error; please report it with the command you ran";
    return m;
  }
}
