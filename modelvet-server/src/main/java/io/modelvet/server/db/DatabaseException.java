package io.modelvet.server.db;

import java.sql.SQLException;

/** A database failure, unchecked so request handlers map it to one 500 answer. */
public final class DatabaseException extends RuntimeException {
  public DatabaseException(SQLException cause) {
    super("database error: " + cause.getMessage(), cause);
  }
}
