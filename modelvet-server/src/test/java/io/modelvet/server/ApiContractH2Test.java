package io.modelvet.server;

/** The API contract on the embedded H2 database. */
class ApiContractH2Test extends ApiContractTests {
  @Override
  String dbUrl() {
    return null;
  }
}
