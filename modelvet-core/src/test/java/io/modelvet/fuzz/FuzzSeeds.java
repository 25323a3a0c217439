package io.modelvet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Seed corpora of fuzz harnesses, replayed as plain tests: each seed is a committed fixture named
 * by harness, fixture folder and glob. Used by {@link FuzzSeedsTest} and the other modules' seed
 * tests; {@code bench/fuzz.sh} hands the same seeds to the fuzzer.
 */
public final class FuzzSeeds {
  private FuzzSeeds() {}

  /** (harness, seed path relative to {@code fixtures}) for every file each row's glob matches. */
  public static Stream<Arguments> of(Path fixtures, List<String[]> rows) throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (String[] s : rows) {
      Path dir = fixtures.resolve(s[1]);
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + s[2]);
      try (Stream<Path> files = Files.walk(dir)) {
        files.filter(Files::isRegularFile).filter(p -> m.matches(dir.relativize(p))).sorted().forEach(p -> out.add(Arguments.of(s[0], fixtures.relativize(p).toString())));
      }
    }
    return out.stream();
  }

  /** Calls harness method {@code name} of a new {@code harnessClass} on {@code data}. */
  public static void replay(Class<?> harnessClass, String name, byte[] data) throws Exception {
    Method m = harnessClass.getDeclaredMethod(name, byte[].class);
    m.setAccessible(true);
    var ctor = harnessClass.getDeclaredConstructor();
    ctor.setAccessible(true);
    try {
      m.invoke(ctor.newInstance(), (Object) data);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception ex ? ex : new UncheckedIOException(new IOException(e.getCause()));
    }
  }

  /** Every {@code @FuzzTest} method of {@code harnessClass} has at least one seed. */
  public static void assertEveryHarnessHasSeeds(Class<?> harnessClass, Path fixtures, List<String[]> rows) throws IOException {
    for (Method m : harnessClass.getDeclaredMethods()) {
      if (!m.isAnnotationPresent(FuzzTest.class)) continue;
      assertThat(of(fixtures, rows).filter(a -> a.get()[0].equals(m.getName())).count()).as("seeds of harness %s", m.getName()).isPositive();
    }
  }
}
