package io.modelvet.server.remote;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Fetches a remote model source ({@code hf://org/name@revision}, {@code https://...}) into a local
 * folder for scanning. This build has no remote-source support in core yet, so {@link #NONE}
 * refuses every source; wiring core's support is one implementation of this interface passed to
 * {@code ServerConfig}.
 */
public interface RemoteSources {
  /** Whether this build can fetch remote sources at all. */
  boolean available();

  /** Downloads {@code uri} into {@code into} and returns the file or folder to scan. */
  Path fetch(String uri, Path into) throws IOException;

  /** The model identity of a source: repository and revision for hub sources, else the URI. */
  default String identity(String uri) {
    return uri;
  }

  RemoteSources NONE =
      new RemoteSources() {
        @Override
        public boolean available() {
          return false;
        }

        @Override
        public Path fetch(String uri, Path into) throws IOException {
          throw new IOException("remote sources not available in this build");
        }
      };
}
