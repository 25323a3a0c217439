package io.modelvet.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.modelvet.report.Severity;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The driver side of a corpus scan: list, reuse, distribute, write tables, summarise. */
final class CorpusScan {
  static final String RESULTS = "results";
  static final String SUMMARY = "summary.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final JobSettings settings;

  CorpusScan(JobSettings settings) {
    this.settings = settings;
  }

  JobSummary run() throws IOException {
    long t0 = System.nanoTime();
    SparkSession spark = session();
    try {
      Configuration hconf = spark.sparkContext().hadoopConfiguration();
      Path out = new Path(settings.output());
      if (settings.previous() != null && new Path(settings.previous()).makeQualified(out.getFileSystem(hconf).getUri(), null).equals(out.makeQualified(out.getFileSystem(hconf).getUri(), null)))
        throw new IOException("--output must differ from --previous (the previous rows are read while the new ones are written)");
      List<InputFile> listed = new FileLister(hconf).list(settings.inputs(), settings.listing());

      PreviousRun prev = settings.previous() == null ? PreviousRun.none() : PreviousRun.load(spark, settings.previous());
      List<InputFile> toScan = new ArrayList<>();
      List<String> reused = new ArrayList<>();
      Set<String> rescan = new HashSet<>(settings.rescanFormats());
      for (InputFile f : listed) {
        String format = prev.unchangedFormat(f);
        if (format != null && !rescan.contains(format)) reused.add(f.path());
        else toScan.add(f);
      }

      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      int tasks = settings.partitions() != null ? settings.partitions() : Math.max(1, jsc.defaultParallelism() * 4);
      List<List<InputFile>> parts = SizeBalancedPartitions.split(toScan, tasks);
      SerializableConf conf = new SerializableConf(hconf);
      long timeout = settings.timeoutMillis();
      FlatMapFunction<List<InputFile>, Row> scanPartition = part -> PartitionScanner.scan(part.iterator(), conf, timeout);
      JavaRDD<Row> rows = toScan.isEmpty() ? jsc.emptyRDD() : jsc.parallelize(parts, parts.size()).flatMap(scanPartition);
      Dataset<Row> scanned = spark.createDataFrame(rows, ResultRows.SCHEMA);
      Dataset<Row> results = reused.isEmpty() ? scanned : prev.rowsOf(spark, reused).unionByName(scanned);
      results = results.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
      try {
        write(results, RESULTS);
        write(results.groupBy("format")
                .agg(
                    sum(when(col("member"), 0).otherwise(1)).alias("files"),
                    sum(when(col("member"), 1).otherwise(0)).alias("members"),
                    sum(when(col("verdict").equalTo("inconclusive"), 1).otherwise(0)).alias("inconclusive"),
                    sum(when(col("verdict").equalTo("findings"), 1).otherwise(0)).alias("withFindings"),
                    sum(size(col("findings"))).alias("findings"),
                    sum(col("bytesRead")).alias("bytesRead"))
                .orderBy("format"),
            "by_format");
        write(results.groupBy("verdict").agg(count(lit(1)).alias("rows")).orderBy("verdict"), "by_verdict");
        write(results.select(explode(col("findings")).alias("f"))
                .groupBy(col("f.ruleId").alias("ruleId"), col("f.severity").alias("severity"))
                .agg(count(lit(1)).alias("findings"))
                .orderBy("ruleId", "severity"),
            "by_rule");
        JobSummary summary = summarise(results, toScan, reused.size(), (System.nanoTime() - t0) / 1_000_000);
        writeSummary(hconf, summary);
        return summary;
      } finally {
        results.unpersist();
      }
    } finally {
      spark.stop();
    }
  }

  private SparkSession session() {
    SparkConf defaults = new SparkConf(); // picks up spark.* settings made by spark-submit
    SparkSession.Builder b = SparkSession.builder().appName("modelvet-scan");
    if (!defaults.contains("spark.master")) {
      String m = settings.master() != null ? settings.master() : "local[*]";
      b.master(m);
      if (m.startsWith("local")) {
        // A local run serves nobody else: bind to loopback and start no web UI.
        b.config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1").config("spark.ui.enabled", "false");
      }
    }
    SparkSession s = b.getOrCreate();
    if (s.sparkContext().isLocal()) s.sparkContext().setLogLevel("WARN");
    return s;
  }

  private void write(Dataset<Row> table, String name) {
    Dataset<Row> t = name.equals(RESULTS) ? table : table.coalesce(1);
    t.write().mode(SaveMode.Overwrite).format(settings.format()).save(new Path(settings.output(), name).toString());
  }

  private JobSummary summarise(Dataset<Row> results, List<InputFile> scanned, long reused, long millis) {
    Map<String, Long> verdicts = new TreeMap<>();
    long files = 0, members = 0, bytesRead = 0;
    for (Row r : results.groupBy("verdict", "member").agg(count(lit(1)).alias("n"), sum("bytesRead").alias("b")).collectAsList()) {
      long n = r.getLong(2);
      verdicts.merge(r.getString(0), n, Long::sum);
      if (r.getBoolean(1)) members += n;
      else files += n;
    }
    Map<String, Long> findings = new TreeMap<>();
    for (Severity s : Severity.values()) findings.put(s.name(), 0L);
    for (Row r : results.select(explode(col("findings")).alias("f")).groupBy(col("f.severity")).count().collectAsList())
      findings.put(r.getString(0), r.getLong(1));
    Set<String> scannedPaths = new HashSet<>();
    long bytesListed = 0;
    for (InputFile f : scanned) {
      scannedPaths.add(f.path());
      bytesListed += Math.max(0, f.size());
    }
    if (!scanned.isEmpty()) {
      Dataset<Row> paths = results.sparkSession().createDataFrame(scannedPaths.stream().map(RowFactory::create).toList(), FILE_ONLY);
      Row b = results.join(paths, results.col("file").equalTo(paths.col("scannedFile")), "left_semi").agg(sum("bytesRead")).first();
      bytesRead = b.isNullAt(0) ? 0 : b.getLong(0);
    }
    Severity worst = null;
    for (Map.Entry<String, Long> e : findings.entrySet()) if (e.getValue() > 0) worst = Severity.max(worst, Severity.valueOf(e.getKey()));
    int exit;
    if (worst != null && worst.atLeast(settings.failOn())) exit = 1;
    else if (files == 0 || verdicts.getOrDefault("inconclusive", 0L) > 0) exit = 3;
    else exit = 0;
    return new JobSummary(files, members, scanned.size(), reused, verdicts, findings, bytesListed, bytesRead, millis, settings.format(), settings.failOn().name(), exit);
  }

  private static final StructType FILE_ONLY = new StructType().add("scannedFile", DataTypes.StringType, false);

  private void writeSummary(Configuration hconf, JobSummary summary) throws IOException {
    Path p = new Path(settings.output(), SUMMARY);
    try (OutputStream o = p.getFileSystem(hconf).create(p, true)) {
      JSON.writeValue(o, summary);
    }
  }

  /** Reads the summary of an earlier run (for its table format). */
  static Map<?, ?> readSummary(Configuration hconf, String dir) throws IOException {
    Path p = new Path(dir, SUMMARY);
    FileSystem fs = p.getFileSystem(hconf);
    if (!fs.exists(p)) throw new IOException("--previous " + dir + " holds no " + SUMMARY + " (not the output of a modelvet spark-scan run)");
    try (java.io.InputStream in = fs.open(p)) {
      return JSON.readValue(in, Map.class);
    }
  }
}
