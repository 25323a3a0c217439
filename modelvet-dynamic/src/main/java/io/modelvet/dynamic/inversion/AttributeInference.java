package io.modelvet.dynamic.inversion;

import io.modelvet.dynamic.Stats;
import io.modelvet.dynamic.data.Dataset;
import io.modelvet.dynamic.model.Classifier;
import io.modelvet.dynamic.privacy.Roc;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Attribute inference by model inversion: given a record's other features and true label, guess
 * the sensitive feature's value by trying every candidate value v and asking the model.
 *
 * <ul>
 *   <li><b>MAP (Fredrikson et al., USENIX Security 2014)</b>: argmax_v p(v) · π(y | f(x_v)), with
 *       p the column's marginal in the data and π(y | ŷ) the model's confusion statistics on the
 *       data (labels only);
 *   <li><b>confidence</b>: argmax_v p(v) · P_model(y | x_v) (uses the returned probabilities);
 *   <li><b>prior only</b>: the most frequent value, the baseline every attack is compared with.
 * </ul>
 */
public final class AttributeInference {
  /** Most distinct values a column may have to be inferred. */
  public static final int MAX_VALUES = 20;

  private AttributeInference() {}

  /** Distinct values of the column (sorted), or null if more than {@link #MAX_VALUES}. */
  public static double[] values(Dataset data, int col) {
    TreeMap<Double, Integer> v = new TreeMap<>();
    for (double[] r : data.x()) {
      v.merge(r[col], 1, Integer::sum);
      if (v.size() > MAX_VALUES) return null;
    }
    return v.keySet().stream().mapToDouble(Double::doubleValue).toArray();
  }

  public static InversionDetails.AttributeResult run(Classifier model, Dataset data, String column, int col, int[] rows) {
    double[] values = values(data, col);
    int m = values.length;
    double[] prior = new double[m];
    for (double[] r : data.x()) prior[indexOf(values, r[col])]++;
    for (int v = 0; v < m; v++) prior[v] /= data.rows();
    // confusion statistics pi(y | yhat) of the model on the data (Laplace-smoothed)
    int k = model.numClasses();
    int[] predAll = model.predict(data.x());
    double[][] pi = new double[k][k];
    for (double[] row : pi) java.util.Arrays.fill(row, 1);
    for (int i = 0; i < data.rows(); i++) pi[predAll[i]][data.y()[i]]++;
    for (double[] row : pi) {
      double s = 0;
      for (double x : row) s += x;
      for (int j = 0; j < k; j++) row[j] /= s;
    }
    int n = rows.length;
    double[][] batch = new double[n * m][];
    for (int i = 0; i < n; i++)
      for (int v = 0; v < m; v++) {
        double[] x = data.x()[rows[i]].clone();
        x[col] = values[v];
        batch[i * m + v] = x;
      }
    double[][] lp = model.logProbabilities(batch);
    int[] truth = new int[n];
    int[] mapGuess = new int[n];
    int[] confGuess = new int[n];
    double[][] mapPost = new double[n][m];
    double[][] confPost = new double[n][m];
    int mode = 0;
    for (int v = 1; v < m; v++) if (prior[v] > prior[mode]) mode = v;
    for (int i = 0; i < n; i++) {
      int y = data.y()[rows[i]];
      truth[i] = indexOf(values, data.x()[rows[i]][col]);
      for (int v = 0; v < m; v++) {
        double[] l = lp[i * m + v];
        mapPost[i][v] = prior[v] * pi[argmax(l)][y];
        confPost[i][v] = prior[v] * Math.exp(l[y]);
      }
      normalise(mapPost[i]);
      normalise(confPost[i]);
      mapGuess[i] = argmaxPreferring(mapPost[i], mode);
      confGuess[i] = argmaxPreferring(confPost[i], mode);
    }
    double base = priorAccuracy(truth, mode);
    List<InversionDetails.AttackScore> attacks = new ArrayList<>();
    attacks.add(new InversionDetails.AttackScore("prior only (most frequent value)", Stats.round(base), m == 2 ? 0.5 : null, 0));
    attacks.add(score("MAP (Fredrikson 2014, labels + confusion)", mapGuess, mapPost, truth, base, m, mode));
    attacks.add(score("confidence (prior x model probability)", confGuess, confPost, truth, base, m, mode));
    List<Double> vals = new ArrayList<>();
    List<Double> pri = new ArrayList<>();
    for (int v = 0; v < m; v++) {
      vals.add(values[v]);
      pri.add(Stats.round(prior[v]));
    }
    return new InversionDetails.AttributeResult(column, vals, pri, n, attacks);
  }

  private static InversionDetails.AttackScore score(String name, int[] guess, double[][] post, int[] truth, double base, int m, int mode) {
    int ok = 0;
    for (int i = 0; i < guess.length; i++) if (guess[i] == truth[i]) ok++;
    double acc = (double) ok / guess.length;
    Double auc = null;
    if (m == 2) {
      int minority = 1 - mode;
      List<Double> pos = new ArrayList<>();
      List<Double> neg = new ArrayList<>();
      for (int i = 0; i < guess.length; i++) (truth[i] == minority ? pos : neg).add(post[i][minority]);
      if (!pos.isEmpty() && !neg.isEmpty())
        auc = Stats.round(Roc.of(pos.stream().mapToDouble(Double::doubleValue).toArray(), neg.stream().mapToDouble(Double::doubleValue).toArray()).auc());
    }
    return new InversionDetails.AttackScore(name, Stats.round(acc), auc, Stats.round(acc - base));
  }

  private static double priorAccuracy(int[] truth, int mode) {
    int ok = 0;
    for (int t : truth) if (t == mode) ok++;
    return (double) ok / truth.length;
  }

  private static void normalise(double[] p) {
    double s = 0;
    for (double v : p) s += v;
    if (s > 0) for (int i = 0; i < p.length; i++) p[i] /= s;
  }

  /** Arg max; ties go to {@code preferred} (the prior's mode), then to the lowest index. */
  private static int argmaxPreferring(double[] v, int preferred) {
    int b = preferred;
    for (int i = 0; i < v.length; i++) if (v[i] > v[b] * (1 + 1e-12)) b = i;
    return b;
  }

  private static int argmax(double[] v) {
    int b = 0;
    for (int i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
    return b;
  }

  private static int indexOf(double[] values, double x) {
    int i = java.util.Arrays.binarySearch(values, x);
    if (i < 0) throw new IllegalStateException("value not among the candidates");
    return i;
  }
}
