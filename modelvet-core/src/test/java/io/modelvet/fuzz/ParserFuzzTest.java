package io.modelvet.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.modelvet.formats.common.python.PythonCodeAnalyzer;
import io.modelvet.formats.common.jinja.TemplateAnalysis;
import io.modelvet.formats.keras.MarshalReader;
import io.modelvet.formats.orbax.OcdbtCodec;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzz harnesses (Jazzer), one per parser that reads untrusted bytes. Under
 * {@code mvn test} they run in regression mode: every input kept under {@code
 * src/test/resources/io/modelvet/fuzz/ParserFuzzTestInputs/<harness>/} (crashes found by fuzzing)
 * is replayed; {@link FuzzSeedsTest} replays each harness's seed corpus. {@code bench/fuzz.sh}
 * runs them in fuzzing mode. Engine harnesses go through content sniffing, so a seed of the
 * format keeps the fuzzer inside that format's parser; the name only matters for the
 * extension-mismatch check.
 */
class ParserFuzzTest {

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/pickle.dict")
  void pickle(byte[] data) {
    FuzzContract.scan("fuzz.pkl", data);
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/containers.dict")
  void zip(byte[] data) {
    FuzzContract.scan("fuzz.zip", data);
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/containers.dict")
  void tar(byte[] data) {
    FuzzContract.scan("fuzz.tar", data);
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/containers.dict")
  void sevenZip(byte[] data) {
    FuzzContract.scan("fuzz.7z", data);
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/containers.dict")
  void compressed(byte[] data) {
    FuzzContract.scan("fuzz.gz", data);
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/numpy.dict")
  void numpy(byte[] data) {
    FuzzContract.scan("fuzz.npy", data);
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/safetensors.dict")
  void safetensors(byte[] data) {
    FuzzContract.scan("fuzz.safetensors", data);
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/gguf.dict")
  void gguf(byte[] data) {
    FuzzContract.scan("fuzz.gguf", data);
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/graph.dict")
  void onnx(byte[] data) {
    FuzzContract.scan("fuzz.onnx", data);
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/graph.dict")
  void tensorflow(byte[] data) {
    FuzzContract.scan("saved_model.pb", data);
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/graph.dict")
  void tflite(byte[] data) {
    FuzzContract.scan("fuzz.tflite", data);
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/keras.dict")
  void kerasH5(byte[] data) {
    FuzzContract.scan("fuzz.h5", data);
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/keras.dict")
  void kerasConfig(byte[] data) {
    FuzzContract.scan("config.json", data);
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/huggingface.dict")
  void huggingfaceConfig(byte[] data) {
    FuzzContract.scan("config.json", data);
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/keras.dict")
  void marshal(byte[] data) {
    FuzzContract.direct(() -> MarshalReader.readCode(data));
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/jinja.dict")
  void jinja(byte[] data) {
    String template = new String(data, StandardCharsets.UTF_8);
    FuzzContract.direct(() -> TemplateAnalysis.analyze(template));
    FuzzContract.scan("chat_template.jinja", data);
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/python.dict")
  void python(byte[] data) {
    String source = new String(data, StandardCharsets.UTF_8);
    FuzzContract.direct(() -> PythonCodeAnalyzer.analyze(source));
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/coreml.dict")
  void coreMl(byte[] data) {
    FuzzContract.scan("fuzz.mlmodel", data);
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/executorch.dict")
  void executorch(byte[] data) {
    FuzzContract.scan("fuzz.pte", data);
  }

  @FuzzTest
  void ocdbt(byte[] data) {
    FuzzContract.direct(() -> OcdbtCodec.decode(data, 1 << 20));
    FuzzContract.scan("manifest.ocdbt", data);
  }

  @FuzzTest
  void zarrMetadata(byte[] data) {
    FuzzContract.scan(".zarray", data);
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/containers.dict")
  void ociArchive(byte[] data) {
    FuzzContract.scan("image.tar", data);
  }

  @FuzzTest
  void torch7Ascii(byte[] data) {
    FuzzContract.scan("model.t7", data);
  }

  @FuzzTest
  void mxnetParams(byte[] data) {
    FuzzContract.scan("model-0000.params", data);
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "dict/catboost.dict")
  void catboost(byte[] data) {
    FuzzContract.scan("fuzz.cbm", data);
  }
}
