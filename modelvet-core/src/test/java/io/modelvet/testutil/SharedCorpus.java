package io.modelvet.testutil;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.opentest4j.TestAbortedException;

/**
 * The one locator of the read-only shared corpus ({@code shared/corpus} beside the repository).
 *
 * <ul>
 *   <li>Absent corpus: the test is skipped with the reason printed and counted ({@link
 *       SharedCorpusSkipReport} prints the total at the end of the run); under {@code CI=true} the
 *       test fails instead, so CI never passes on a silently shrunken suite.
 *   <li>Present corpus without the expected file or folder: the test fails (the layout changed;
 *       a skip would hide that).
 *   <li>{@code -Dmodelvet.shared=none} (or {@code MODELVET_SHARED=none}) hides the corpus, to run
 *       the suite as a machine without it would; {@code -Dmodelvet.shared=/path/to/shared/corpus}
 *       points at another copy.
 * </ul>
 */
public final class SharedCorpus {
  public static final String PROPERTY = "modelvet.shared";
  static final ConcurrentLinkedQueue<String> SKIPPED = new ConcurrentLinkedQueue<>();

  private SharedCorpus() {}

  /** The corpus folder ({@code shared/corpus}), if present and not hidden by the override. */
  public static Optional<Path> root() {
    String override = System.getProperty(PROPERTY, System.getenv("MODELVET_SHARED"));
    if (override != null && !override.isBlank()) {
      if (override.equals("none")) return Optional.empty();
      Path p = Path.of(override).toAbsolutePath();
      return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path c = p.resolve("shared").resolve("corpus");
      if (Files.isDirectory(c)) return Optional.of(c);
    }
    return Optional.empty();
  }

  /**
   * {@code shared/corpus/<rel>}, which must exist when the corpus is there. Skips the calling
   * test when the corpus is absent (fails under {@code CI=true}); fails when the corpus is there
   * but {@code rel} is not.
   */
  public static Path require(String rel) {
    Path root = root().orElse(null);
    if (root == null) absent(rel);
    Path p = root.resolve(rel);
    if (!Files.exists(p)) fail("shared corpus at " + root + " has no " + rel + ": its layout changed; update the test");
    return p;
  }

  /** The labelled peer samples ({@code shared/corpus/peers}) with their manifest. */
  public static Path peers() {
    Path p = require("peers");
    require("peers/manifest.jsonl");
    return p;
  }

  private static void absent(String rel) {
    String reason = "shared corpus absent (needed: shared/corpus/" + rel + ")";
    if ("true".equalsIgnoreCase(System.getenv("CI")))
      fail(reason + "; CI=true requires it. Check out the shared corpus beside the repository or set -D" + PROPERTY + "=<path>");
    String caller = StackWalker.getInstance().walk(s -> s.map(f -> f.getClassName() + "." + f.getMethodName())
        .filter(n -> !n.startsWith(SharedCorpus.class.getName())).findFirst().orElse("?"));
    SKIPPED.add(caller);
    System.err.println("[shared-corpus] SKIPPED " + caller + ": " + reason);
    throw new TestAbortedException(reason);
  }
}
