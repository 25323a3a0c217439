package io.modelvet.testutil;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Prints, once per test run, how many tests skipped because the shared corpus is absent, and why. */
public final class SharedCorpusSkipReport implements LauncherSessionListener {
  @Override
  public void launcherSessionClosed(LauncherSession session) {
    int n = SharedCorpus.SKIPPED.size();
    if (n == 0) return;
    System.err.println("[shared-corpus] " + n + " test(s) skipped because shared/corpus is absent: " + String.join(", ", SharedCorpus.SKIPPED));
  }
}
