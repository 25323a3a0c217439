package io.modelvet.formats.openvino;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.formats.common.SecureXml;
import io.modelvet.io.FileByteSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The weights file of an OpenVINO IR ({@code model.bin}): raw tensor bytes that the topology next
 * to it ({@code model.xml}, whose root element is {@code net}) addresses by offset. It is
 * recognised through that topology, the way OpenVINO itself finds it; its ranges are checked
 * while scanning the topology. Only the start is checked for an executable or pickle header.
 */
public final class OpenVinoWeightsScanner implements Scanner {
  @Override
  public String format() {
    return "openvino-weights";
  }

  @Override
  public java.util.Set<String> extensions() {
    return java.util.Set.of("bin");
  }

  @Override
  public int sniffCeiling() {
    return 3;
  }

  @Override
  public int sniff(Head head) {
    if (!(head.source() instanceof FileByteSource f) || head.size() == 0) return 0;
    if (head.looksLikeText()) return 0;
    return topologyNextTo(f.path()) ? 3 : 0;
  }

  private static boolean topologyNextTo(Path bin) {
    String name = bin.getFileName().toString();
    int dot = name.lastIndexOf('.');
    if (dot <= 0) return false;
    Path xml = bin.resolveSibling(name.substring(0, dot) + ".xml");
    if (!Files.isRegularFile(xml) || !OpenVinoScanner.weightsOf(xml).equals(bin)) return false;
    try (FileByteSource src = new FileByteSource(xml)) {
      return "net".equals(SecureXml.rootElement(src.head(16 * 1024)));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void scan(ScanContext ctx) {
    PayloadChecks.checkBytes(ctx, ctx.head().bytes(), "the start of the weights file", 0);
  }
}
