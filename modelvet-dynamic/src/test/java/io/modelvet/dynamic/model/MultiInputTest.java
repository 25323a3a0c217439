package io.modelvet.dynamic.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelvet.dynamic.Fixtures;
import io.modelvet.dynamic.data.DataException;
import io.modelvet.dynamic.data.DataLoader;
import io.modelvet.dynamic.data.DataSpec;
import io.modelvet.dynamic.data.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A breast_cancer model with three inputs (float {@code num[N,6]}, int64 band codes {@code cat[N,2]},
 * constant float gate {@code mask[N,2]} that must be ones), fed through an inputs map.
 */
class MultiInputTest {
  static final Path MODEL = Fixtures.path("multi/two_input.onnx");
  @TempDir Path tmp;

  static InputMap map() {
    return InputMap.read(Fixtures.path("multi/inputs.csv"));
  }

  static Dataset data(InputMap map) {
    return DataLoader.load(Fixtures.path("multi/test.csv"), new DataSpec("target", List.of(), map.featureColumns()));
  }

  @Test
  void mappedInputsGiveTheGeneratorsProbabilitiesAndMatchTheSingleInputModel() throws Exception {
    InputMap map = map();
    Dataset d = data(map);
    assertThat(d.features()).isEqualTo(8);
    JsonNode expected = new ObjectMapper().readTree(Fixtures.path("multi/expected.json").toFile()).get("probabilities");
    InputDomain domain = InputDomain.fromData(d.x());
    try (OnnxClassifier m = OnnxClassifier.open(MODEL, domain, 1, 2, map);
        OnnxClassifier flat = OnnxClassifier.open(Fixtures.path("multi/flat.onnx"), domain, 1, 2)) {
      assertThat(m.inputSize()).isEqualTo(8);
      assertThat(m.numClasses()).isEqualTo(2);
      assertThat(m.describe()).contains("num float[6]", "cat int64[2]", "mask float[2] = 1.0");
      double[][] lp = m.logProbabilities(d.x());
      double[][] lpFlat = flat.logProbabilities(d.x());
      int agree = 0;
      for (int i = 0; i < d.rows(); i++) {
        for (int c = 0; c < 2; c++) {
          assertThat(Math.exp(lp[i][c])).as("row %d class %d", i, c).isCloseTo(expected.get(i).get(c).asDouble(), within(1e-5));
          assertThat(lp[i][c]).isCloseTo(lpFlat[i][c], within(1e-5));
        }
        if (Scores.argmax(lp[i]) == d.y()[i]) agree++;
      }
      assertThat(m.predict(d.x())).containsExactly(flat.predict(d.x()));
      assertThat((double) agree / d.rows()).isGreaterThan(0.85);
    }
  }

  @Test
  void codesAreRoundedAndTheConstantIsApplied() {
    InputMap map = map();
    Dataset d = data(map);
    InputDomain domain = InputDomain.fromData(d.x());
    double[][] nudged = new double[d.rows()][];
    for (int i = 0; i < d.rows(); i++) {
      nudged[i] = d.x()[i].clone();
      nudged[i][6] += 0.3; // band codes feed an int64 input: 2.3 -> 2
      nudged[i][7] -= 0.3;
    }
    InputMap zeroGate = new InputMap(List.of(map.inputs().get(0), map.inputs().get(1),
        new InputMap.Entry("mask", List.of(), 0, new int[] {2})));
    try (OnnxClassifier m = OnnxClassifier.open(MODEL, domain, 1, 2, map);
        OnnxClassifier gated = OnnxClassifier.open(MODEL, domain, 1, 2, zeroGate)) {
      double[][] a = m.logProbabilities(d.x());
      double[][] b = m.logProbabilities(nudged);
      for (int i = 0; i < a.length; i++) assertThat(b[i]).containsExactly(a[i]);
      // a zero mask closes the gate: every row gets the same output (the bias of the last layer)
      double[][] g = gated.logProbabilities(d.x());
      for (double[] row : g) assertThat(row[0]).isCloseTo(g[0][0], within(1e-6));
      assertThat(g[0][0]).isNotCloseTo(a[0][0], within(1e-3));
    }
  }

  @Test
  void featuresFeedingIntegerInputsBecomeIntegerFeatures() {
    InputMap map = map();
    Dataset d = data(map);
    InputDomain domain = InputDomain.fromData(d.x());
    try (OnnxClassifier m = OnnxClassifier.open(MODEL, domain, 1, 2, map)) {
      InputDomain typed = m.withIntegerInputs(domain);
      for (int j = 0; j < 8; j++) assertThat(typed.isInteger(j)).as("feature %d", j).isEqualTo(j >= 6);
      assertThat(typed.source()).endsWith("; 2 feature(s) feed integer inputs");
      double[] x = d.x()[0].clone();
      x[6] += 0.4;
      assertThat(typed.clip(x)[6]).isEqualTo(d.x()[0][6]);
      assertThat(m.withIntegerInputs(typed)).isSameAs(typed);
    }
  }

  @Test
  void aMultiInputModelWithoutAMapSuggestsTheOption() {
    Dataset d = data(map());
    assertThatThrownBy(() -> OnnxClassifier.open(MODEL, InputDomain.fromData(d.x()), 1, 2))
        .isInstanceOf(ModelException.class)
        .hasMessage("the model has 3 inputs (num, cat, mask); name the data columns that feed each in an inputs map (--inputs-map FILE)");
  }

  @Test
  void mapErrorsNameTheInputOrColumn() throws Exception {
    Dataset d = data(map());
    InputDomain domain = InputDomain.fromData(d.x());
    InputMap unknown = InputMap.read(write("input,columns\nnum,radius;texture;smoothness;compactness;concavity;symmetry\ncat,area_band;smooth_band\nmask,=1\nextra,=0\n"));
    assertThatThrownBy(() -> OnnxClassifier.open(MODEL, domain, 1, 2, unknown))
        .isInstanceOf(ModelException.class)
        .hasMessage("the inputs map names 'extra', which is not an input of the model (inputs: num, cat, mask)");
    InputMap missing = InputMap.read(write("input,columns\nnum,radius;texture;smoothness;compactness;concavity;symmetry\ncat,area_band;smooth_band\n"));
    assertThatThrownBy(() -> OnnxClassifier.open(MODEL, InputDomain.fromData(d.x()), 1, 2, missing))
        .hasMessageContaining("the model input 'mask' is not in the inputs map");
    InputMap shortNum = InputMap.read(write("input,columns\nnum,radius;texture\ncat,area_band;smooth_band\nmask,=1\n"));
    Dataset four = DataLoader.load(Fixtures.path("multi/test.csv"), new DataSpec("target", List.of(), shortNum.featureColumns()));
    assertThatThrownBy(() -> OnnxClassifier.open(MODEL, InputDomain.fromData(four.x()), 1, 2, shortNum))
        .hasMessageContaining("the model expects 6 values per sample");
    InputMap badColumn = InputMap.read(write("input,columns\nnum,radius;texture;smoothness;compactness;concavity;girth\ncat,area_band;smooth_band\nmask,=1\n"));
    assertThatThrownBy(() -> DataLoader.load(Fixtures.path("multi/test.csv"), new DataSpec("target", List.of(), badColumn.featureColumns())))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("no feature column 'girth'");
    assertThatThrownBy(() -> InputMap.read(write("name,cols\n")))
        .hasMessageEndingWith("line 1 must be the header input,columns or input,columns,shape");
    assertThatThrownBy(() -> InputMap.read(write("input,columns\na,x;y\nb,y\n")))
        .hasMessageEndingWith("line 3: column 'y' already feeds an input");
    assertThatThrownBy(() -> InputMap.read(write("input,columns,shape\na,x,\nm,=one,2\n")))
        .hasMessageEndingWith("line 3: a constant is written =NUMBER, got '=one'");
  }

  private Path write(String text) throws Exception {
    Path p = Files.createTempFile(tmp, "map", ".csv");
    Files.writeString(p, text);
    return p;
  }
}
