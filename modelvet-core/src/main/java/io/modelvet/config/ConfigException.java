package io.modelvet.config;

import java.io.IOException;

/** A configuration file that cannot be used; the message names the file, the line and the problem. */
public final class ConfigException extends IOException {
  public ConfigException(String message) {
    super(message);
  }
}
