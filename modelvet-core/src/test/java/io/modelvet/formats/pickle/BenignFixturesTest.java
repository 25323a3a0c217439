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
 * fully analysed, detected as the right format, produce nothing above LOW, and list the imports
 * the library writes (column 3: the module they come from, '-' for none).
 */
class BenignFixturesTest {

  @ParameterizedTest
  @CsvSource({
    "torch_state_dict_legacy.pt, pytorch-legacy, torch",
    "torch_whole_model_legacy.pt, pytorch-legacy, torch",
    "torch_state_dict_data.pkl, pickle, torch",
    "torch_whole_model_data.pkl, pickle, torch",
    "sklearn_logreg.pkl, pickle, sklearn",
    "sklearn_forest.pkl, pickle, sklearn",
    "sklearn_pipeline.pkl, pickle, sklearn",
    "sklearn_label_encoder_p2.pkl, pickle, sklearn",
    "sklearn_logreg_p0.pkl, pickle, sklearn",
    "pandas_frame_p4.pkl, pickle, pandas",
    "pandas_frame_p5.pkl, pickle, pandas",
    "numpy_array_p0.pkl, pickle, numpy",
    "numpy_array_p2.pkl, pickle, numpy",
    "numpy_array_p4.pkl, pickle, numpy",
    "numpy_array_p5.pkl, pickle, numpy",
    "numpy_random_state.pkl, pickle, numpy",
    "stdlib_values_p4.pkl, pickle, datetime",
    "stdlib_values_p2.pkl, pickle, datetime",
    "plain_list_p0.pkl, pickle, -",
    "plain_list_p1.pkl, pickle, -",
    "dill_plain_data.pkl, pickle, -",
    "joblib_pipeline.joblib, joblib, sklearn",
    "joblib_pipeline_z3.joblib, joblib-zlib, sklearn",
    "joblib_arrays.joblib, joblib, numpy"
  })
  void realLibraryPicklesAreQuietAndComplete(String file, String format, String importsFrom) {
    List<FileResult> results = Scans.members(file, Scans.resource("pickle/benign/" + file));
    String seen = Scans.describe(results);
    FileResult top = results.get(0);
    assertThat(top.format()).as(seen).isEqualTo(format);
    assertThat(top.verdict()).as(seen).isNotEqualTo(Verdict.INCONCLUSIVE);
    Severity worst = Scans.worst(results);
    assertThat(worst == null || worst.compareTo(Severity.MEDIUM) < 0).as(seen).isTrue();
    assertThat(results).as(seen).allSatisfy(r -> assertThat(r.findings()).allSatisfy(f -> assertThat(f.severity()).isLessThanOrEqualTo(Severity.LOW)));
    // the imports the library really writes are listed ('-': plain data imports nothing)
    List<String> globals = results.stream().flatMap(r -> r.globals().stream()).toList();
    if (importsFrom.equals("-")) assertThat(globals).as(seen).isEmpty();
    else assertThat(globals).as(seen).anyMatch(g -> g.startsWith(importsFrom + "."));
  }
}
