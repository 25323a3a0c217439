package io.modelvet.spark;

import java.io.Serializable;

/**
 * One file to scan, as listed on the driver.
 *
 * @param path fully qualified Hadoop path ({@code file:/...}, {@code hdfs://...}, {@code s3a://...})
 * @param size length in bytes
 * @param modified modification time (ms since the epoch), used with the size to reuse earlier rows
 */
public record InputFile(String path, long size, long modified) implements Serializable {}
