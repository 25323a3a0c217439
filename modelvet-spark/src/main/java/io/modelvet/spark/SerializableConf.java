package io.modelvet.spark;

import java.io.Serial;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Ships the driver's Hadoop configuration (credentials, connector settings) to the executors as a
 * plain map of its entries, rebuilt into a {@link Configuration} on first use there. Spark moves the
 * map with the task; this class reads and writes no object streams of its own.
 */
final class SerializableConf implements Serializable {
  @Serial private static final long serialVersionUID = 2L;
  private final HashMap<String, String> entries = new HashMap<>();
  private transient Configuration conf;

  SerializableConf(Configuration conf) {
    this.conf = conf;
    for (Map.Entry<String, String> e : conf) entries.put(e.getKey(), e.getValue());
  }

  Configuration get() {
    if (conf == null) {
      Configuration c = new Configuration(false);
      entries.forEach(c::set);
      conf = c;
    }
    return conf;
  }
}
