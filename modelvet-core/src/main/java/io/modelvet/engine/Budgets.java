package io.modelvet.engine;

import java.time.Duration;

/**
 * Hard limits that keep hostile input from exhausting memory or time. Every parser checks the
 * ones that concern it; reaching one makes the file inconclusive, never clean.
 *
 * @param maxDepth archive / nested-payload nesting depth
 * @param maxEntries members per archive
 * @param maxExpandedBytes total decompressed bytes per top-level file
 * @param maxExpansionRatio decompressed / compressed ratio per member before it counts as a bomb
 * @param maxInMemoryMember largest compressed member decompressed into memory for analysis
 * @param maxPickleOps opcodes per pickle stream
 * @param maxPickleStack symbolic stack depth (including mark stack)
 * @param maxPickleMemo memo entries
 * @param maxPickleNesting nesting depth of reconstructed values
 * @param maxOperandBytes largest operand (string, header, template) loaded into memory
 * @param perFileTimeout wall-clock time per top-level file
 */
public record Budgets(
    int maxDepth,
    int maxEntries,
    long maxExpandedBytes,
    long maxExpansionRatio,
    long maxInMemoryMember,
    long maxPickleOps,
    int maxPickleStack,
    int maxPickleMemo,
    int maxPickleNesting,
    int maxOperandBytes,
    Duration perFileTimeout) {

  public static Budgets defaults() {
    return new Budgets(
        8,
        100_000,
        8L << 30,
        200,
        512L << 20,
        50_000_000,
        1_000_000,
        1_000_000,
        200,
        64 << 20,
        Duration.ofMinutes(5));
  }
}
