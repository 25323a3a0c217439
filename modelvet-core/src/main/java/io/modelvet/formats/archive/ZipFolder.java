package io.modelvet.formats.archive;

import io.modelvet.engine.FolderView;
import io.modelvet.io.ByteSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One folder inside a zip archive, as its members see it ({@code ScanContext.siblings()}): the
 * other entries by path relative to the folder, with the uncompressed sizes the central directory
 * declares, which is what a loader allocates for them. Only stored entries can be opened; the
 * view exists for formats whose members describe each other's sizes (PyTorch storages).
 */
final class ZipFolder implements FolderView {
  private final Index index;
  private final String prefix;

  private ZipFolder(Index index, String prefix) {
    this.index = index;
    this.prefix = prefix;
  }

  /** The entries of one archive by name (the first of duplicate names, as a directory lookup finds it). */
  static final class Index {
    private final ByteSource archive;
    private final String display;
    private final Map<String, ZipEntryRecord> byName = new HashMap<>();

    Index(ByteSource archive, String display, List<ZipEntryRecord> entries) {
      this.archive = archive;
      this.display = display;
      for (ZipEntryRecord e : entries) if (!e.isDirectory()) byName.putIfAbsent(e.name(), e);
    }

    /** The folder holding the member {@code name}. */
    ZipFolder folderOf(String name) {
      int slash = name.lastIndexOf('/');
      return new ZipFolder(this, slash < 0 ? "" : name.substring(0, slash + 1));
    }
  }

  @Override
  public long size(String relative) {
    if (!FolderView.staysInside(relative)) return -1;
    ZipEntryRecord e = index.byName.get(prefix + relative);
    return e == null || e.isSymlink() ? -1 : e.size();
  }

  @Override
  public ByteSource open(String relative) throws IOException {
    ZipEntryRecord e = FolderView.staysInside(relative) ? index.byName.get(prefix + relative) : null;
    if (e == null || e.isSymlink()) throw new IOException("no member " + relative + " in " + describe());
    if (e.method() != 0) throw new IOException("member " + relative + " is compressed and is read only by the archive walk");
    ZipDirectory.LocalHeader local = ZipDirectory.local(index.archive, e);
    return index.archive.slice(local.dataOffset(), e.compressedSize());
  }

  @Override
  public List<String> files(int max) {
    List<String> names = new ArrayList<>();
    for (String n : index.byName.keySet())
      if (n.startsWith(prefix) && n.indexOf('/', prefix.length()) < 0) names.add(n.substring(prefix.length()));
    names.sort(null);
    return names.size() > max ? names.subList(0, max) : names;
  }

  @Override
  public String describe() {
    return prefix.isEmpty() ? index.display : index.display + "!/" + prefix.substring(0, prefix.length() - 1);
  }
}
