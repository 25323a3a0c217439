package io.modelvet.formats.onnx;

import static io.modelvet.formats.graph.GraphFixtures.bytes;
import static io.modelvet.formats.graph.GraphFixtures.first;
import static io.modelvet.formats.graph.GraphFixtures.fixture;
import static io.modelvet.formats.graph.GraphFixtures.nothingAtOrAbove;
import static io.modelvet.formats.graph.GraphFixtures.ruleIds;
import static io.modelvet.formats.graph.GraphFixtures.scan;
import static io.modelvet.formats.graph.GraphFixtures.scanBytes;
import static io.modelvet.formats.graph.GraphFixtures.scanOne;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.modelvet.engine.Head;
import io.modelvet.engine.ScanEngine;
import io.modelvet.engine.ScanOptions;
import io.modelvet.engine.ScannerRegistry;
import io.modelvet.formats.graph.VirtualByteSource;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.proto.onnx.OnnxProtos.AttributeProto;
import io.modelvet.proto.onnx.OnnxProtos.GraphProto;
import io.modelvet.proto.onnx.OnnxProtos.ModelProto;
import io.modelvet.proto.onnx.OnnxProtos.NodeProto;
import io.modelvet.proto.onnx.OnnxProtos.OperatorSetIdProto;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OnnxScannerTest {

  @ParameterizedTest
  @ValueSource(strings = {"onnx/benign/tiny_mlp.onnx", "onnx/benign/mixed_net.onnx", "onnx/benign/ort_contrib.onnx", "onnx/benign/local_function.onnx", "onnx/external_ok/model.onnx"})
  void benignModelsAreOnnxAndRaiseNothingAtMediumOrAbove(String rel) throws IOException {
    FileResult r = scanOne(rel);
    assertThat(r.format()).isEqualTo("onnx");
    assertThat(r.verdict()).isNotEqualTo(Verdict.INCONCLUSIVE);
    assertThat(nothingAtOrAbove(r, Severity.LOW)).as(r.findings().toString()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny_mlp", "mixed_net"})
  void torchExportsAreClean(String name) throws IOException {
    assertThat(scanOne("onnx/benign/" + name + ".onnx").verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void onnxRuntimeContribOpsAreInventoryOnly() throws IOException {
    FileResult r = scanOne("onnx/benign/ort_contrib.onnx");
    assertThat(ruleIds(r)).containsExactly("onnx.runtime-contrib-ops");
    Finding f = first(r, "onnx.runtime-contrib-ops").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.INFO);
    assertThat(f.evidence()).contains("com.microsoft::FusedMatMul").contains("com.microsoft::Gelu");
  }

  @ParameterizedTest
  @ValueSource(strings = {"external_traversal", "external_absolute", "external_drive", "external_nested_dotdot"})
  void externalDataOutsideTheFolderIsHigh(String name) throws IOException {
    FileResult r = scanOne("onnx/malicious/" + name + ".onnx");
    Finding f = first(r, "onnx.external-data-path-traversal").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.message()).contains("CVE-2022-25882");
    assertThat(f.evidence()).startsWith("location=");
  }

  @Test
  void traversalIsFoundWithoutAFileSystemToo() throws IOException {
    List<FileResult> rs = scanBytes("upload.onnx", bytes("onnx/malicious/external_traversal.onnx"));
    assertThat(rs.get(0).findings()).anyMatch(f -> f.ruleId().equals("onnx.external-data-path-traversal") && f.evidence().contains("../../etc/passwd"));
  }

  @Test
  void missingExternalFileIsLow() throws IOException {
    FileResult r = scanOne("onnx/suspicious/external_missing.onnx");
    assertThat(first(r, "onnx.external-data-missing").orElseThrow().severity()).isEqualTo(Severity.LOW);
    assertThat(nothingAtOrAbove(r, Severity.MEDIUM)).isTrue();
  }

  @Test
  void offsetBeyondTheExternalFileIsMedium() throws IOException {
    FileResult r = scanOne("onnx/suspicious/external_range/model.onnx");
    Finding f = first(r, "onnx.external-data-out-of-range").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.evidence()).contains("offset=4096").contains("file size=64");
  }

  @Test
  void externalFileLinkedOutsideTheFolderIsHigh(@TempDir Path dir) throws IOException {
    Path models = Files.createDirectories(dir.resolve("model"));
    Files.copy(fixture("onnx/external_ok/model.onnx"), models.resolve("model.onnx"));
    Path secret = Files.write(dir.resolve("secret.bin"), new byte[64]);
    Files.createSymbolicLink(models.resolve("weights.bin"), secret);
    FileResult r = scan(models.resolve("model.onnx")).get(0);
    Finding f = first(r, "onnx.external-data-path-traversal").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.message()).contains("through a link");
  }

  @Test
  void customDomainOpIsMediumAndNamed() throws IOException {
    FileResult r = scanOne("onnx/suspicious/custom_domain.onnx");
    Finding f = first(r, "onnx.custom-op-domain").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.evidence()).isEqualTo("com.evil.ops::StealCreds");
  }

  @Test
  void unknownOpInTheDefaultDomainIsMedium() throws IOException {
    FileResult r = scanOne("onnx/suspicious/unknown_default_op.onnx");
    Finding f = first(r, "onnx.unknown-standard-op").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.evidence()).isEqualTo("FancyNorm");
  }

  @ParameterizedTest
  @ValueSource(strings = {"if_hidden_custom:com.evil.ops::Backdoor:then_branch", "loop_hidden_custom:org.attacker::Exfiltrate:body", "function_hidden_custom:com.evil.ops::Beacon:function 'Innocent'"})
  void customOpsHiddenInSubgraphsAndFunctionsAreFound(String spec) throws IOException {
    String[] p = spec.split(":", 2);
    String op = p[1].substring(0, p[1].lastIndexOf(':'));
    String where = p[1].substring(p[1].lastIndexOf(':') + 1);
    FileResult r = scanOne("onnx/malicious/" + p[0] + ".onnx");
    Finding f = first(r, "onnx.custom-op-domain").orElseThrow();
    assertThat(f.evidence()).isEqualTo(op);
    assertThat(f.message()).contains(where);
    // the local function itself is not a custom op
    assertThat(r.findings()).noneMatch(x -> x.evidence() != null && x.evidence().contains("Innocent"));
  }

  @Test
  void tensorWhoseShapeContradictsItsDataIsMedium() throws IOException {
    Finding f = first(scanOne("onnx/malformed/size_mismatch.onnx"), "onnx.tensor-size-mismatch").orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.evidence()).contains("dims=[1000,1000]").contains("raw_data=16");
  }

  @Test
  void absurdDimensionCountIsReported() throws IOException {
    Finding f = first(scanOne("onnx/malformed/absurd_dims.onnx"), "onnx.absurd-structure").orElseThrow();
    assertThat(f.evidence()).isEqualTo("dims=72");
  }

  @Test
  void truncatedModelIsInconclusiveNotClean() throws IOException {
    FileResult r = scanOne("onnx/malformed/truncated.onnx");
    assertThat(r.format()).isEqualTo("onnx");
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void sniffAcceptsModelsAndRejectsOtherProtobufAndText() throws IOException {
    OnnxScanner s = new OnnxScanner();
    assertThat(s.sniff(head(bytes("onnx/benign/tiny_mlp.onnx")))).isEqualTo(90);
    assertThat(s.sniff(head("ir_version: 8\nproducer_name: \"x\"\n".getBytes()))).isZero();
    // a TensorFlow SavedModel (schema version, then a MetaGraphDef) is not ONNX
    assertThat(s.sniff(head(new byte[] {0x08, 0x01, 0x12, 0x04, 0x0a, 0x02, 0x12, 0x00}))).isZero();
    assertThat(s.sniff(head(new byte[0]))).isZero();
  }

  @Test
  void deeplyNestedSubgraphsAreInconclusiveNotAStackOverflow() {
    GraphProto g = GraphProto.newBuilder().setName("leaf").build();
    for (int i = 0; i < 40; i++) {
      NodeProto n = NodeProto.newBuilder().setOpType("If").setName("if" + i)
          .addAttribute(AttributeProto.newBuilder().setName("then_branch").setType(AttributeProto.AttributeType.GRAPH).setG(g)).build();
      g = GraphProto.newBuilder().setName("g" + i).addNode(n).build();
    }
    byte[] model = ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g).build().toByteArray();
    FileResult r = scanBytes("nested.onnx", model).get(0);
    assertThat(r.format()).isEqualTo("onnx");
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.inconclusiveReason()).contains("nested deeper");
  }

  @Test
  void hugeInlineWeightsAreSeekedOverNotLoaded() throws IOException {
    long rawLength = 3_000_000_000L; // 750M floats
    ByteArrayOutputStream tensorHead = new ByteArrayOutputStream();
    tensorHead.write(0x08); varint(tensorHead, 750_000_000L); // dims
    tensorHead.write(0x10); varint(tensorHead, 1); // data_type FLOAT
    tensorHead.write(0x42); varint(tensorHead, 1); tensorHead.write('w'); // name
    tensorHead.write(0x4a); varint(tensorHead, rawLength); // raw_data, payload follows
    long tensorLength = tensorHead.size() + rawLength;
    ByteArrayOutputStream graphHead = new ByteArrayOutputStream();
    graphHead.write(0x2a); varint(graphHead, tensorLength); // initializer
    long graphLength = graphHead.size() + tensorLength;
    ByteArrayOutputStream prefix = new ByteArrayOutputStream();
    prefix.write(0x08); varint(prefix, 8); // ir_version
    prefix.write(0x3a); varint(prefix, graphLength); // graph
    prefix.write(graphHead.toByteArray());
    prefix.write(tensorHead.toByteArray());
    byte[] suffix = OperatorSetIdProto.newBuilder().setVersion(13).build().toByteArray();
    byte[] opset = new byte[suffix.length + 2];
    opset[0] = 0x42;
    opset[1] = (byte) suffix.length;
    System.arraycopy(suffix, 0, opset, 2, suffix.length);
    VirtualByteSource src = new VirtualByteSource(prefix.toByteArray(), rawLength, opset);
    List<FileResult> rs = new ScanEngine(ScannerRegistry.defaults(), ScanOptions.defaults().withThreads(1)).scan("big.onnx", src);
    assertThat(rs.get(0).format()).isEqualTo("onnx");
    assertThat(rs.get(0).verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(src.bytesRead()).isLessThan(1 << 20);
  }

  @Test
  void externalDataCanBeCheckedForRawShapeTooWhenInMemory() {
    ModelProto m = ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13))
        .setGraph(GraphProto.newBuilder().addInitializer(io.modelvet.proto.onnx.OnnxProtos.TensorProto.newBuilder()
            .addDims(2).addDims(2).setDataType(1).setName("w").setRawData(ByteString.copyFrom(new byte[16])))).build();
    FileResult r = scanBytes("ok.onnx", m.toByteArray()).get(0);
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static Head head(byte[] b) {
    return new Head(b, b.length, "x", new ArrayByteSource(b));
  }

  @Test
  void metadataAndDocStringsAreCollectedForThePayloadChecks() throws IOException {
    OnnxModel m = new OnnxParser(new ArrayByteSource(bytes("onnx/suspicious/metadata_code.onnx")), 1 << 20, () -> {}).parse();
    assertThat(m.metadata).anySatisfy(md -> {
      assertThat(md.where()).isEqualTo("metadata_props[postprocess]");
      assertThat(md.value()).contains("os').system(");
    });
    assertThat(m.irVersion).isEqualTo(8);
    assertThat(m.opsets).containsEntry("", 13L);
  }
}
