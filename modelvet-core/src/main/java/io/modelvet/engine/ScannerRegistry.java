package io.modelvet.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The scanners ModelVet ships, one per format family, found through {@link ServiceLoader}: each
 * format package lists its scanners in {@code META-INF/services/io.modelvet.engine.Scanner}, so the
 * engine depends on the {@link Scanner} interface only. Each file goes to the scanner whose {@link
 * Scanner#sniff} is most confident; equal confidences go to the scanner listed first in that file.
 */
public final class ScannerRegistry {
  private ScannerRegistry() {}

  public static List<Scanner> defaults() {
    List<Scanner> out = new ArrayList<>();
    for (Scanner s : ServiceLoader.load(Scanner.class, ScannerRegistry.class.getClassLoader())) out.add(s);
    if (out.isEmpty()) throw new IllegalStateException("no scanners found on the class path");
    return List.copyOf(out);
  }
}
