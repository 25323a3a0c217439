package io.modelvet.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists the files to scan on the driver: paths, globs and folders (walked recursively, version
 * control folders skipped, as the CLI does) on any Hadoop file system, or the paths of a listing
 * file, one per line. Each file is listed once, in a stable order.
 */
final class FileLister {
  private static final Set<String> SKIPPED_DIRS = Set.of(".git", ".hg", ".svn");

  private final Configuration conf;

  FileLister(Configuration conf) {
    this.conf = conf;
  }

  List<InputFile> list(List<String> inputs, String listing) throws IOException {
    List<String> all = new ArrayList<>(inputs);
    if (listing != null) all.addAll(readListing(listing));
    Map<String, InputFile> found = new LinkedHashMap<>();
    for (String in : all) {
      Path p = new Path(in);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(p);
      if (matches == null || matches.length == 0) throw new IOException("no such file or folder: " + in);
      for (FileStatus st : matches) {
        if (st.isDirectory()) walk(fs, st.getPath(), found);
        else add(st, found);
      }
    }
    List<InputFile> out = new ArrayList<>(found.values());
    out.sort(Comparator.comparing(InputFile::path));
    return out;
  }

  private void walk(FileSystem fs, Path dir, Map<String, InputFile> found) throws IOException {
    if ("file".equals(fs.getScheme())) {
      walkLocal(fs, dir, found);
      return;
    }
    // object stores list a whole prefix in a few paged requests: one recursive listing
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
    while (it.hasNext()) {
      LocatedFileStatus st = it.next();
      if (st.isFile() && !insideSkipped(dir, st.getPath())) add(st, found);
    }
  }

  /**
   * A local folder, one directory listing at a time. Hadoop's recursive {@code listFiles} builds a
   * located status per file, and on the local file system without native code that reads the
   * file's permissions by running {@code ls -ld}: one process per file (2,000 forks for the
   * benchmark's many/ folder). Plain statuses carry the length and time, which is all the scan needs.
   */
  private void walkLocal(FileSystem fs, Path dir, Map<String, InputFile> found) throws IOException {
    java.util.ArrayDeque<Path> pending = new java.util.ArrayDeque<>();
    Set<String> seen = new java.util.HashSet<>(); // real folders: a link back up the tree is walked once
    pending.add(dir);
    while (!pending.isEmpty()) {
      Path d = pending.poll();
      if (!seen.add(new java.io.File(d.toUri()).getCanonicalPath())) continue;
      RemoteIterator<FileStatus> it = fs.listStatusIterator(d);
      while (it.hasNext()) {
        FileStatus st = it.next();
        if (st.isDirectory()) {
          if (!SKIPPED_DIRS.contains(st.getPath().getName())) pending.add(st.getPath());
        } else if (st.isFile()) add(st, found);
      }
    }
  }

  private static boolean insideSkipped(Path root, Path p) {
    for (Path q = p.getParent(); q != null && !q.equals(root); q = q.getParent())
      if (SKIPPED_DIRS.contains(q.getName())) return true;
    return false;
  }

  private static void add(FileStatus st, Map<String, InputFile> found) {
    String path = st.getPath().toString();
    found.putIfAbsent(path, new InputFile(path, st.getLen(), st.getModificationTime()));
  }

  private List<String> readListing(String listing) throws IOException {
    Path p = new Path(listing);
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getFileSystem(conf).open(p), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) out.add(t);
      }
    }
    return out;
  }
}
