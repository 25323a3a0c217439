package io.modelvet.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/**
 * The server's database: a HikariCP pool on H2 (embedded file, the default) or PostgreSQL, with
 * the schema created and upgraded by the same Flyway migrations on both.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource pool;
  private final boolean postgres;

  private Database(HikariDataSource pool, boolean postgres) {
    this.pool = pool;
    this.postgres = postgres;
  }

  /**
   * The embedded H2 database file under {@code dataDir}. {@code WRITE_DELAY=0}: a commit reaches the
   * file before it returns, so a killed process loses no finished job (H2 otherwise writes up to a
   * second later, and a job could be recorded done, its upload deleted, and the record lost).
   */
  public static String embeddedUrl(Path dataDir) {
    return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("modelvet") + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;WRITE_DELAY=0";
  }

  /** Opens the pool and migrates the schema to the newest version. */
  public static Database open(String jdbcUrl, int poolSize) {
    if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:"))
      throw new IllegalArgumentException("--db must be a jdbc:postgresql:// or jdbc:h2: URL");
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(jdbcUrl);
    cfg.setMaximumPoolSize(poolSize);
    cfg.setPoolName("modelvet-db");
    cfg.setConnectionTimeout(10_000);
    HikariDataSource ds = new HikariDataSource(cfg);
    try {
      Flyway.configure().dataSource(ds).locations("classpath:io/modelvet/server/db/migration").load().migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return new Database(ds, jdbcUrl.startsWith("jdbc:postgresql:"));
  }

  public boolean isPostgres() {
    return postgres;
  }

  /** Runs {@code work} in one transaction, committed when it returns, rolled back when it throws. */
  public <T> T tx(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T r = work.run(c);
        c.commit();
        return r;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }

  /** A unit of database work on one connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }
}
