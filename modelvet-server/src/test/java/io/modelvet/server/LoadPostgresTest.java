package io.modelvet.server;

/** The load test on PostgreSQL. */
class LoadPostgresTest extends LoadTests {
  @Override
  String dbUrl() {
    return TestDatabases.freshPostgresSchema();
  }
}
