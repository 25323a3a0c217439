package io.modelvet.engine;

import io.modelvet.io.ByteSource;
import io.modelvet.io.FileByteSource;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A folder on disk; links that resolve outside it count as absent. */
public final class LocalFolder implements FolderView {
  private final Path folder;

  public LocalFolder(Path folder) {
    this.folder = folder.toAbsolutePath().normalize();
  }

  public Path path() {
    return folder;
  }

  private Path resolve(String relative) throws IOException {
    if (!FolderView.staysInside(relative)) return null;
    try {
      Path p = folder.resolve(relative).normalize();
      if (!p.startsWith(folder) || !Files.isRegularFile(p)) return null;
      return p.toRealPath().startsWith(folder.toRealPath()) ? p : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  @Override
  public long size(String relative) throws IOException {
    Path p = resolve(relative);
    return p == null ? -1 : Files.size(p);
  }

  @Override
  public ByteSource open(String relative) throws IOException {
    Path p = resolve(relative);
    if (p == null) throw new IOException("no file " + relative + " in " + folder);
    return new FileByteSource(p);
  }

  @Override
  public List<String> files(int max) throws IOException {
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder)) {
      for (Path p : dir) {
        if (out.size() >= max) break;
        if (Files.isRegularFile(p)) out.add(p.getFileName().toString());
      }
    }
    out.sort(null);
    return out;
  }

  @Override
  public String describe() {
    return folder.toString();
  }

  @Override
  public FolderView parent() {
    Path p = folder.getParent();
    return p == null ? null : new LocalFolder(p);
  }

  @Override
  public String cacheKey() throws IOException {
    return folder + "|" + Files.getLastModifiedTime(folder).toMillis();
  }
}
