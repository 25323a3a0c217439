package io.modelvet.server.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/** Prometheus metrics: queue length, scans by verdict, scan time histogram, bytes read. */
public final class ServerMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer scanTime;
  private final Counter bytesRead;

  public ServerMetrics(Supplier<Number> queueLength, Supplier<Number> running) {
    Gauge.builder("modelvet.queue.length", queueLength).description("jobs waiting for a worker").register(registry);
    Gauge.builder("modelvet.jobs.running", running).description("jobs being worked on").register(registry);
    scanTime = Timer.builder("modelvet.scan.duration").description("time to run one job").publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofMinutes(30)).register(registry);
    bytesRead = Counter.builder("modelvet.bytes.read").baseUnit("bytes").description("bytes of model files scanned").register(registry);
  }

  public void finished(String kind, String verdict, long nanos, long bytes) {
    Counter.builder("modelvet.jobs").tag("kind", kind).tag("verdict", verdict).description("finished jobs by verdict").register(registry).increment();
    scanTime.record(Duration.ofNanos(nanos));
    bytesRead.increment(bytes);
  }

  public String scrape() {
    return registry.scrape();
  }
}
