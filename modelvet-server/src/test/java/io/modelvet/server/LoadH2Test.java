package io.modelvet.server;

/** The load test on the embedded H2 database. */
class LoadH2Test extends LoadTests {
  @Override
  String dbUrl() {
    return null;
  }
}
