package io.modelvet.server;

/** The restart fault on a real PostgreSQL server (started by .ci/run; skipped with a message elsewhere, never in CI). */
class RestartFaultPostgresTest extends RestartFaultTests {
  private String url;

  @Override
  String dbUrl() {
    if (url == null) url = TestDatabases.freshPostgresSchema();
    return url;
  }
}
