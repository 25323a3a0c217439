package io.modelvet.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelvet.remote.RemoteLocation.Kind;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RemoteLocationTest {
  static final URI HUB = RemoteSettings.DEFAULT_ENDPOINT;
  static final URI MIRROR = URI.create("https://mirror.example.com/hf");

  @Test
  void hfNamesWithAndWithoutRevision() {
    assertThat(RemoteLocation.parse("hf://org/model", HUB)).isEqualTo(new RemoteLocation(Kind.REPO, "org/model", null, null, null));
    assertThat(RemoteLocation.parse("hf://gpt2@v1.0", HUB)).isEqualTo(new RemoteLocation(Kind.REPO, "gpt2", "v1.0", null, null));
    assertThat(RemoteLocation.parse("hf://org/model@refs/pr/1", HUB).revision()).isEqualTo("refs/pr/1");
  }

  @Test
  void webFormsOnTheHubAndOnTheMirror() {
    assertThat(RemoteLocation.parse("https://huggingface.co/org/model", HUB)).isEqualTo(new RemoteLocation(Kind.REPO, "org/model", null, null, null));
    assertThat(RemoteLocation.parse("https://huggingface.co/org/model/tree/dev/onnx", MIRROR)).isEqualTo(new RemoteLocation(Kind.REPO, "org/model", "dev", "onnx", null));
    assertThat(RemoteLocation.parse("https://mirror.example.com/hf/org/model/resolve/main/sub/model%20v2.bin", MIRROR))
        .isEqualTo(new RemoteLocation(Kind.REPO_FILE, "org/model", "main", "sub/model v2.bin", null));
    assertThat(RemoteLocation.parse("https://huggingface.co/org/model/blob/refs%2Fpr%2F3/config.json", HUB))
        .isEqualTo(new RemoteLocation(Kind.REPO_FILE, "org/model", "refs/pr/3", "config.json", null));
    // the mirror's host without its prefix is not the hub: a plain file URL
    assertThat(RemoteLocation.parse("https://mirror.example.com/files/x.bin", MIRROR).kind()).isEqualTo(Kind.URL);
    assertThat(RemoteLocation.parse("https://cdn.example.com/org/model/resolve/main/x.bin", HUB).kind()).isEqualTo(Kind.URL);
  }

  @Test
  void malformedArgumentsAreRejectedWithAClearMessage() {
    assertThatThrownBy(() -> RemoteLocation.parse("hf://../etc", HUB)).hasMessageContaining("not a repository name");
    assertThatThrownBy(() -> RemoteLocation.parse("hf://a/b/c", HUB)).hasMessageContaining("not a repository name");
    assertThatThrownBy(() -> RemoteLocation.parse("hf://org/model@", HUB)).hasMessageContaining("empty revision");
    assertThatThrownBy(() -> RemoteLocation.parse("https://huggingface.co/datasets/org/d", HUB)).hasMessageContaining("only model repositories");
    assertThatThrownBy(() -> RemoteLocation.parse("https://huggingface.co/org/model/resolve/main", HUB)).hasMessageContaining("no file");
    assertThatThrownBy(() -> RemoteLocation.parse("https://user:pw@example.com/x.bin", HUB))
        .hasMessageContaining("credentials in URLs are not accepted")
        .hasMessageNotContaining("pw");
  }

  @Test
  void remoteArgumentsAreRecognisedByScheme() {
    assertThat(RemoteLocation.isRemote("hf://org/model")).isTrue();
    assertThat(RemoteLocation.isRemote("HTTPS://example.com/x")).isTrue();
    assertThat(RemoteLocation.isRemote("models/hf:/x")).isFalse();
    assertThat(RemoteLocation.isRemote("./https")).isFalse();
  }
}
