package io.modelvet.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's listing of a local folder: every file once, version-control folders skipped, links back up the tree walked once. */
class FileListerTest {
  @TempDir Path tmp;

  @Test
  void localFoldersAreListedFileByFileWithoutLoopsOrVersionControlFolders() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("models"));
    Files.write(root.resolve("a.pkl"), new byte[] {1, 2, 3});
    Files.write(Files.createDirectories(root.resolve("sub/deeper")).resolve("b.safetensors"), new byte[10]);
    Files.write(Files.createDirectories(root.resolve(".git/objects")).resolve("pack"), new byte[5]);
    Files.createSymbolicLink(root.resolve("sub/deeper/loop"), root); // a link back up the tree
    List<InputFile> files = new FileLister(new Configuration()).list(List.of(root.toString()), null);
    assertThat(files).extracting(f -> f.path().substring(f.path().indexOf("/models/") + 8))
        .containsExactly("a.pkl", "sub/deeper/b.safetensors");
    assertThat(files.get(1).size()).isEqualTo(10);
  }
}
