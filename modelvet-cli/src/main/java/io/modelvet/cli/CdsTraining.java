package io.modelvet.cli;

/**
 * The run the {@code modelvet} launcher records its class-data archive from (not a user command):
 * a scan of the given folders rendered in every output format, so that the archive holds the
 * classes of the scanners and of each renderer. One JVM, one recording; the reports are discarded.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] folders) {
    String sink = System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null";
    for (String format : new String[] {"json", "sarif", "text"}) {
      String[] args = new String[5 + folders.length];
      args[0] = "scan";
      args[1] = "--format";
      args[2] = format;
      args[3] = "-o";
      args[4] = sink;
      System.arraycopy(folders, 0, args, 5, folders.length);
      Main.run(args);
    }
  }
}
