package io.modelvet.engine;

import io.modelvet.formats.archive.CompressedScanner;
import io.modelvet.formats.archive.SevenZipScanner;
import io.modelvet.formats.archive.TarScanner;
import io.modelvet.formats.archive.ZipScanner;
import io.modelvet.formats.gguf.GgufScanner;
import io.modelvet.formats.huggingface.HfConfigScanner;
import io.modelvet.formats.huggingface.JsonScanner;
import io.modelvet.formats.huggingface.PythonSourceScanner;
import io.modelvet.formats.jinja.JinjaTemplateScanner;
import io.modelvet.formats.keras.KerasConfigScanner;
import io.modelvet.formats.keras.KerasH5Scanner;
import io.modelvet.formats.numpy.NumpyScanner;
import io.modelvet.formats.onnx.OnnxExternalDataScanner;
import io.modelvet.formats.onnx.OnnxScanner;
import io.modelvet.formats.pickle.JoblibScanner;
import io.modelvet.formats.pickle.PickleScanner;
import io.modelvet.formats.safetensors.SafetensorsScanner;
import io.modelvet.formats.tensorflow.KerasMetadataScanner;
import io.modelvet.formats.tensorflow.TfCheckpointScanner;
import io.modelvet.formats.tensorflow.TfFingerprintScanner;
import io.modelvet.formats.tensorflow.TfGraphDefScanner;
import io.modelvet.formats.tensorflow.TfSavedModelScanner;
import io.modelvet.formats.text.EmptyFileScanner;
import io.modelvet.formats.text.TextScanner;
import io.modelvet.formats.tflite.TfliteScanner;
import java.util.List;

/**
 * The scanners ModelVet ships, one per format family. Order does not matter: each file goes to the
 * scanner whose {@link Scanner#sniff} is most confident.
 */
public final class ScannerRegistry {
  private ScannerRegistry() {}

  public static List<Scanner> defaults() {
    return List.of(
        new GgufScanner(),
        new SafetensorsScanner(),
        new JinjaTemplateScanner(),
        new EmptyFileScanner(),
        new TextScanner(),
        new PickleScanner(),
        new JoblibScanner(),
        new ZipScanner(),
        new NumpyScanner(),
        new TarScanner(),
        new CompressedScanner(),
        new SevenZipScanner(),
        new OnnxScanner(),
        new TfliteScanner(),
        new TfSavedModelScanner(),
        new TfGraphDefScanner(),
        new KerasMetadataScanner(),
        new TfFingerprintScanner(),
        new TfCheckpointScanner(),
        new OnnxExternalDataScanner(),
        new KerasH5Scanner(),
        new KerasConfigScanner(),
        new HfConfigScanner(),
        new JsonScanner(),
        new PythonSourceScanner());
  }
}
