package io.modelvet.testutil;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Hostile variants of a real file for property tests: a few bytes overwritten, sometimes cut short. */
public final class Mutations {
  private Mutations() {}

  /** Up to six random bytes changed at or after {@code from}; a third of the variants truncated. */
  public static Arbitrary<byte[]> of(byte[] seed, int from) {
    return of(seed, from, Arbitraries.bytes());
  }

  /** As {@link #of(byte[], int)}, with the new byte values drawn from {@code byteValues}. */
  public static Arbitrary<byte[]> of(byte[] seed, int from, Arbitrary<Byte> byteValues) {
    int last = Math.max(from, seed.length - 1);
    Arbitrary<List<Integer>> positions = Arbitraries.integers().between(from, last).list().ofMinSize(1).ofMaxSize(6);
    Arbitrary<List<Byte>> values = byteValues.list().ofSize(6);
    Arbitrary<Integer> cut = Arbitraries.integers().between(Math.min(from, seed.length), seed.length);
    return Combinators.combine(positions, values, cut).as((ps, vs, c) -> {
      byte[] m = seed.clone();
      for (int i = 0; i < ps.size(); i++) if (ps.get(i) < m.length) m[ps.get(i)] = vs.get(i);
      return c % 3 == 0 ? Arrays.copyOf(m, c) : m;
    });
  }

  /** The bytes of a gzip file, decompressed (fixtures are stored compressed to stay small). */
  public static byte[] gunzip(java.nio.file.Path p) {
    try (java.io.InputStream in = new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(p))) {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
