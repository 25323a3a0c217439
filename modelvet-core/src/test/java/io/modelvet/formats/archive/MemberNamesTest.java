package io.modelvet.formats.archive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemberNamesTest {
  @Test
  void escapingPathsAreRecognised() {
    assertThat(MemberNames.escapeReason("a/../../b")).contains("..");
    assertThat(MemberNames.escapeReason("/etc/passwd")).contains("absolute");
    assertThat(MemberNames.escapeReason("c:\\windows\\x")).contains("drive");
    assertThat(MemberNames.escapeReason("..\\x")).contains("..");
    assertThat(MemberNames.escapeReason("a/b..c/d")).isNull();
    assertThat(MemberNames.escapeReason("archive/data.pkl")).isNull();
  }

  @Test
  void linkTargetsAreResolvedAgainstTheLinkFolder() {
    assertThat(MemberNames.linkEscapes("a/b/link", "../c")).isFalse();
    assertThat(MemberNames.linkEscapes("a/b/link", "../../c")).isFalse();
    assertThat(MemberNames.linkEscapes("a/b/link", "../../../c")).isTrue();
    assertThat(MemberNames.linkEscapes("link", "/etc/passwd")).isTrue();
    assertThat(MemberNames.linkEscapes("link", "x/./y")).isFalse();
  }

  @Test
  void printableEscapesControlCharacters() {
    assertThat(MemberNames.printable("a\0b\n")).isEqualTo("a\\x00b\\x0a");
  }
}
