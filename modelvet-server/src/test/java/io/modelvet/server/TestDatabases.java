package io.modelvet.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Databases the suites run on: the embedded H2 file (null URL) and a real PostgreSQL server.
 * PostgreSQL comes from {@code MODELVET_TEST_PG_URL} (default: the database {@code .ci/run} creates);
 * each server gets a fresh schema. In CI ({@code CI=true}) an unreachable PostgreSQL fails the
 * suite; elsewhere the suite is skipped with a visible message.
 */
final class TestDatabases {
  static final String PG_URL = System.getenv().getOrDefault("MODELVET_TEST_PG_URL",
      "jdbc:postgresql://127.0.0.1:5432/modelvet_test?user=modelvet&password=modelvet");

  private TestDatabases() {}

  /** A JDBC URL on a new, empty schema of the test PostgreSQL server. */
  static String freshPostgresSchema() {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      String msg = "PostgreSQL not reachable at " + PG_URL.replaceAll("password=[^&]*", "password=***") + " (" + e.getMessage() + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail("CI=true but " + msg);
      System.err.println("SKIPPED PostgreSQL suite: " + msg + "; .ci/run starts one");
      Assumptions.abort("PostgreSQL suite skipped: " + msg);
    }
    return PG_URL + "&currentSchema=" + schema;
  }
}
