package io.modelvet.server;

/** The API contract on a real PostgreSQL server (started by .ci/run; skipped with a message elsewhere, never in CI). */
class ApiContractPostgresTest extends ApiContractTests {
  @Override
  String dbUrl() {
    return TestDatabases.freshPostgresSchema();
  }
}
