package io.modelvet.spark;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The result table of an earlier run: a file whose size and modification time are unchanged keeps
 * its rows (the file's and its members'), unless its format is to be rescanned.
 */
final class PreviousRun {
  private final Dataset<Row> rows;
  private final Map<String, Known> files;

  private record Known(long size, long modified, String format) {}

  private PreviousRun(Dataset<Row> rows, Map<String, Known> files) {
    this.rows = rows;
    this.files = files;
  }

  static PreviousRun none() {
    return new PreviousRun(null, Map.of());
  }

  static PreviousRun load(SparkSession spark, String dir) throws IOException {
    Object format = CorpusScan.readSummary(spark.sparkContext().hadoopConfiguration(), dir).get("format");
    if (!"parquet".equals(format) && !"json".equals(format)) throw new IOException("--previous " + dir + ": unknown table format " + format);
    Dataset<Row> rows = spark.read().format((String) format).schema(ResultRows.SCHEMA).load(new org.apache.hadoop.fs.Path(dir, CorpusScan.RESULTS).toString());
    Map<String, Known> files = new HashMap<>();
    for (Row r : rows.where(col("member").equalTo(false)).select("file", "size", "modified", "format").collectAsList())
      files.put(r.getString(0), new Known(r.getLong(1), r.getLong(2), r.getString(3)));
    return new PreviousRun(rows, files);
  }

  /** The format the earlier run found for this file if it is unchanged since, else null. */
  String unchangedFormat(InputFile f) {
    Known k = files.get(f.path());
    return k != null && k.size() == f.size() && k.modified() == f.modified() ? k.format() : null;
  }

  /** The earlier rows of these files (each file's own row and its members'). */
  Dataset<Row> rowsOf(SparkSession spark, List<String> paths) {
    StructType schema = new StructType().add("reusedFile", DataTypes.StringType, false);
    Dataset<Row> keep = spark.createDataFrame(paths.stream().map(RowFactory::create).toList(), schema);
    return rows.join(keep, rows.col("file").equalTo(keep.col("reusedFile")), "left_semi");
  }
}
