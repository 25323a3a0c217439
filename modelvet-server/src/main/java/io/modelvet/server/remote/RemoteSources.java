package io.modelvet.server.remote;

import io.modelvet.engine.ScanOptions;
import io.modelvet.report.ScanReport;
import java.io.IOException;

/**
 * Remote model sources ({@code hf://org/name@revision}, hub web URLs, {@code https://} file URLs)
 * as the server may scan them. {@link #NONE}, the default, refuses every source; {@link HubSources}
 * (enabled by {@code modelvet serve --allow-remote}) scans through core's remote support, reading
 * files with HTTP range requests, never downloading a repository.
 */
public interface RemoteSources {
  /** A source this server will not scan; the message is fit to show the caller. */
  final class Refused extends Exception {
    public Refused(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Checks a source before its job is queued (syntax, allowed hosts; nothing is fetched) and
   * returns the model identity its scans are grouped under.
   */
  String check(String source) throws Refused;

  /** Scans the source; the report names files {@code hf://ORG/NAME@<commit>/path}. */
  ScanReport scan(String source, ScanOptions options) throws IOException;

  /** False when every source is refused ({@link #NONE}): the web pages then offer no source form. */
  default boolean enabled() {
    return true;
  }

  RemoteSources NONE =
      new RemoteSources() {
        @Override
        public String check(String source) throws Refused {
          throw new Refused("remote sources are turned off on this server (an operator enables them with modelvet serve --allow-remote)");
        }

        @Override
        public ScanReport scan(String source, ScanOptions options) throws IOException {
          throw new IOException("remote sources are turned off on this server");
        }

        @Override
        public boolean enabled() {
          return false;
        }
      };
}
