package io.modelvet.server;

/** The restart fault on the embedded H2 file. */
class RestartFaultH2Test extends RestartFaultTests {
  @Override
  String dbUrl() {
    return null;
  }
}
