package io.modelvet.formats.onnx;

import static io.modelvet.formats.graph.GraphFixtures.fixture;
import static io.modelvet.formats.graph.GraphFixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.proto.onnx.OnnxProtos.GraphProto;
import io.modelvet.proto.onnx.OnnxProtos.ModelProto;
import io.modelvet.proto.onnx.OnnxProtos.OperatorSetIdProto;
import io.modelvet.proto.onnx.OnnxProtos.StringStringEntryProto;
import io.modelvet.proto.onnx.OnnxProtos.TensorProto;
import io.modelvet.report.FileResult;
import io.modelvet.report.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxExternalDataScannerTest {

  private static FileResult result(List<FileResult> rs, Path file) {
    return rs.stream().filter(r -> r.path().endsWith("/" + file.getFileName())).findFirst().orElseThrow();
  }

  @Test
  void externalDataNamedByTheModelNextToItIsRecognised() throws IOException {
    Path folder = fixture("onnx/external_ok");
    List<FileResult> rs = scan(folder);
    FileResult weights = result(rs, folder.resolve("weights.bin"));
    assertThat(weights.format()).isEqualTo("onnx-external-data");
    assertThat(weights.verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(result(rs, folder.resolve("model.onnx")).verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void binaryFileNoModelNamesStaysUnknownAndInconclusive(@TempDir Path dir) throws IOException {
    Files.copy(fixture("onnx/external_ok/model.onnx"), dir.resolve("model.onnx"));
    Files.write(dir.resolve("weights.bin"), new byte[] {0, 1, 2, 3, (byte) 0xff});
    Path stray = Files.write(dir.resolve("other.bin"), new byte[] {0, 1, 2, 3, (byte) 0xfe});
    List<FileResult> rs = scan(dir);
    FileResult r = result(rs, stray);
    assertThat(r.format()).isEqualTo("unknown");
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.inconclusiveReason()).isEqualTo(OnnxExternalDataScanner.UNRECOGNISED);
    assertThat(result(rs, dir.resolve("weights.bin")).format()).isEqualTo("onnx-external-data");
  }

  @Test
  void modelInTheFolderAboveVouchesForASubfolderFileButTraversalVouchesForNothing(@TempDir Path dir) throws IOException {
    TensorProto w = TensorProto.newBuilder().setName("w").setDataType(1).addDims(2)
        .setDataLocation(TensorProto.DataLocation.EXTERNAL)
        .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("data/w.bin")).build();
    ModelProto m = ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13))
        .setGraph(GraphProto.newBuilder().setName("g").addInitializer(w)).build();
    Files.write(dir.resolve("model.onnx"), m.toByteArray());
    Path data = Files.write(Files.createDirectories(dir.resolve("data")).resolve("w.bin"), new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0x40});
    FileResult vouched = scan(data).get(0);
    assertThat(vouched.format()).isEqualTo("onnx-external-data");
    assertThat(vouched.verdict()).isEqualTo(Verdict.CLEAN);

    Path other = Files.createDirectories(dir.resolve("other"));
    Files.copy(fixture("onnx/malicious/external_traversal.onnx"), other.resolve("model.onnx"));
    Path stray = Files.write(other.resolve("w.bin"), new byte[] {0, (byte) 0x90});
    assertThat(scan(stray).get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }
}
