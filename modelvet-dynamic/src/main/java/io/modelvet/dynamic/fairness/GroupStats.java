package io.modelvet.dynamic.fairness;

/**
 * Confusion-matrix rates of one group (or of all rows).
 *
 * @param group group name
 * @param count rows
 * @param selectionRate share predicted positive
 * @param accuracy share predicted correctly
 * @param tpr true-positive rate (NaN without actual positives)
 * @param fpr false-positive rate (NaN without actual negatives)
 */
public record GroupStats(String group, int count, double selectionRate, double accuracy, double tpr, double fpr) {

  /** Rates of rows {@code idx} with a binary view where {@code positive} is the favourable label. */
  static GroupStats of(String group, int[] yTrue, int[] yPred, int positive, int[] idx) {
    int tp = 0;
    int fp = 0;
    int pos = 0;
    int neg = 0;
    int sel = 0;
    int correct = 0;
    for (int i : idx) {
      boolean t = yTrue[i] == positive;
      boolean p = yPred[i] == positive;
      if (t) pos++; else neg++;
      if (p) sel++;
      if (t && p) tp++;
      if (!t && p) fp++;
      if (yTrue[i] == yPred[i]) correct++;
    }
    int n = idx.length;
    return new GroupStats(group, n, n == 0 ? Double.NaN : (double) sel / n, n == 0 ? Double.NaN : (double) correct / n,
        pos == 0 ? Double.NaN : (double) tp / pos, neg == 0 ? Double.NaN : (double) fp / neg);
  }

  /** Metric by name: selection_rate, accuracy, tpr, fpr. */
  double metric(String name) {
    return switch (name) {
      case "selection_rate" -> selectionRate;
      case "accuracy" -> accuracy;
      case "tpr" -> tpr;
      case "fpr" -> fpr;
      default -> throw new IllegalArgumentException(name);
    };
  }
}
