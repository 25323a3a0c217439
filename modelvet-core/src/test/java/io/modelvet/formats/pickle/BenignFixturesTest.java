package io.modelvet.formats.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.testutil.Scans;
import io.modelvet.report.FileResult;
import io.modelvet.report.Severity;
import io.modelvet.report.Verdict;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pickles written by the real libraries (fixtures/generators/pickle/gen_pickle_fixtures.py) must be
 * fully analysed, detected as the right format and produce nothing at MEDIUM or above.
 */
class BenignFixturesTest {

  @ParameterizedTest
  @CsvSource({
    "torch_state_dict_legacy.pt, pytorch-legacy",
    "torch_whole_model_legacy.pt, pytorch-legacy",
    "torch_state_dict_data.pkl, pickle",
    "torch_whole_model_data.pkl, pickle",
    "sklearn_logreg.pkl, pickle",
    "sklearn_forest.pkl, pickle",
    "sklearn_pipeline.pkl, pickle",
    "sklearn_label_encoder_p2.pkl, pickle",
    "sklearn_logreg_p0.pkl, pickle",
    "pandas_frame_p4.pkl, pickle",
    "pandas_frame_p5.pkl, pickle",
    "numpy_array_p0.pkl, pickle",
    "numpy_array_p2.pkl, pickle",
    "numpy_array_p4.pkl, pickle",
    "numpy_array_p5.pkl, pickle",
    "numpy_random_state.pkl, pickle",
    "stdlib_values_p4.pkl, pickle",
    "stdlib_values_p2.pkl, pickle",
    "plain_list_p0.pkl, pickle",
    "plain_list_p1.pkl, pickle",
    "dill_plain_data.pkl, pickle",
    "joblib_pipeline.joblib, joblib",
    "joblib_pipeline_z3.joblib, joblib-zlib",
    "joblib_arrays.joblib, joblib"
  })
  void realLibraryPicklesAreQuietAndComplete(String file, String format) {
    List<FileResult> results = Scans.members(file, Scans.resource("pickle/benign/" + file));
    String seen = Scans.describe(results);
    FileResult top = results.get(0);
    assertThat(top.format()).as(seen).isEqualTo(format);
    assertThat(top.verdict()).as(seen).isNotEqualTo(Verdict.INCONCLUSIVE);
    Severity worst = Scans.worst(results);
    assertThat(worst == null || worst.compareTo(Severity.MEDIUM) < 0).as(seen).isTrue();
    assertThat(top.globals()).as(seen).isNotNull();
  }
}
