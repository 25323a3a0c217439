package io.modelvet.spark;

import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The result table: one row per file and per archive member, with the same field names as a file
 * of {@code modelvet scan --format json} ({@code path}, {@code format}, {@code size}, {@code verdict},
 * {@code inconclusiveReason}, {@code findings[].ruleId/severity/message/location/evidence/owasp})
 * plus what a corpus scan needs: the file a member belongs to, its modification time, bytes read
 * and scan time.
 */
final class ResultRows {
  private ResultRows() {}

  static final StructType LOCATION =
      new StructType(new StructField[] {
        DataTypes.createStructField("path", DataTypes.StringType, false),
        DataTypes.createStructField("offset", DataTypes.LongType, true),
        DataTypes.createStructField("detail", DataTypes.StringType, true)
      });

  static final StructType FINDING =
      new StructType(new StructField[] {
        DataTypes.createStructField("ruleId", DataTypes.StringType, false),
        DataTypes.createStructField("severity", DataTypes.StringType, false),
        DataTypes.createStructField("message", DataTypes.StringType, false),
        DataTypes.createStructField("location", LOCATION, false),
        DataTypes.createStructField("evidence", DataTypes.StringType, true),
        DataTypes.createStructField("owasp", DataTypes.StringType, false)
      });

  static final StructType SCHEMA =
      new StructType(new StructField[] {
        DataTypes.createStructField("path", DataTypes.StringType, false),
        DataTypes.createStructField("file", DataTypes.StringType, false),
        DataTypes.createStructField("member", DataTypes.BooleanType, false),
        DataTypes.createStructField("format", DataTypes.StringType, false),
        DataTypes.createStructField("size", DataTypes.LongType, false),
        DataTypes.createStructField("modified", DataTypes.LongType, false),
        DataTypes.createStructField("verdict", DataTypes.StringType, false),
        DataTypes.createStructField("inconclusiveReason", DataTypes.StringType, true),
        DataTypes.createStructField("worst", DataTypes.StringType, true),
        DataTypes.createStructField("bytesRead", DataTypes.LongType, false),
        DataTypes.createStructField("scanMillis", DataTypes.LongType, false),
        DataTypes.createStructField("findings", DataTypes.createArrayType(FINDING, false), false)
      });

  /**
   * Rows for one listed file: the file first, then its members. Bytes read and scan time belong to
   * the whole file and are put on its first row; members carry 0.
   */
  static List<Row> of(InputFile in, List<FileResult> results, long bytesRead, long millis) {
    List<Row> rows = new ArrayList<>(results.size());
    boolean first = true;
    for (FileResult r : results) {
      rows.add(
          RowFactory.create(
              r.path(),
              in.path(),
              !first,
              r.format(),
              r.size() >= 0 ? r.size() : (first ? in.size() : -1L),
              in.modified(),
              r.verdict().name().toLowerCase(Locale.ROOT),
              r.inconclusiveReason(),
              r.worst() == null ? null : r.worst().name(),
              first ? bytesRead : 0L,
              first ? millis : 0L,
              findings(r.findings())));
      first = false;
    }
    return rows;
  }

  /** A file the job could not scan at all: inconclusive, never clean, and never a failed job. */
  static Row failed(InputFile in, String reason, long bytesRead, long millis) {
    return RowFactory.create(in.path(), in.path(), false, "unknown", in.size(), in.modified(), "inconclusive", reason, null, bytesRead, millis, new Row[0]);
  }

  /** Spark's row encoder takes arrays (or Scala sequences) for array columns, not Java lists. */
  private static Row[] findings(List<Finding> fs) {
    Row[] out = new Row[fs.size()];
    for (int i = 0; i < out.length; i++) {
      Finding f = fs.get(i);
      Long offset = f.location().offset() >= 0 ? Long.valueOf(f.location().offset()) : null;
      Row loc = RowFactory.create(f.location().path(), offset, f.location().detail());
      out[i] = RowFactory.create(f.ruleId(), f.severity().name(), f.message(), loc, f.evidence(), f.owasp().name());
    }
    return out;
  }
}
