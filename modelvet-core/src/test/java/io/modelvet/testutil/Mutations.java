package io.modelvet.testutil;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Hostile variants of a real file: up to six bytes overwritten, and one in three cut short. */
public final class Mutations {
  private Mutations() {}

  /** Overwrites bytes at positions from {@code firstPosition} with random bytes. */
  public static Arbitrary<byte[]> of(byte[] benign, int firstPosition) {
    return of(benign, firstPosition, Arbitraries.bytes());
  }

  /** Overwrites bytes at positions from {@code firstPosition} with values drawn from {@code values}. */
  public static Arbitrary<byte[]> of(byte[] benign, int firstPosition, Arbitrary<Byte> values) {
    Arbitrary<List<Integer>> positions = Arbitraries.integers().between(firstPosition, benign.length - 1).list().ofMinSize(1).ofMaxSize(6);
    Arbitrary<List<Byte>> picked = values.list().ofSize(6);
    Arbitrary<Integer> cut = Arbitraries.integers().between(Math.min(5, benign.length), benign.length);
    return Combinators.combine(positions, picked, cut).as((ps, vs, c) -> {
      byte[] m = benign.clone();
      for (int i = 0; i < ps.size(); i++) m[ps.get(i)] = vs.get(i);
      return c % 3 == 0 ? Arrays.copyOf(m, c) : m;
    });
  }
}
