package io.modelvet.dynamic.privacy;

import java.util.List;

/**
 * Data behind the membership-inference charts.
 *
 * @param attacks one entry per attack
 * @param members members evaluated
 * @param nonMembers non-members evaluated
 */
public record PrivacyDetails(List<AttackRoc> attacks, int members, int nonMembers) {
  /**
   * One attack's ROC and metrics.
   *
   * @param attack attack name
   * @param auc area under the ROC
   * @param advantage max(TPR - FPR)
   * @param balancedAccuracy best balanced accuracy
   * @param tprAt1pctFpr TPR at FPR at most 1 %, or null when 1 % is below 1 / non-members
   * @param tprAt01pctFpr TPR at FPR at most 0.1 %, or null when 0.1 % is below 1 / non-members
   * @param fpr curve FPRs (thinned)
   * @param tpr curve TPRs (thinned)
   */
  public record AttackRoc(String attack, double auc, double advantage, double balancedAccuracy, Double tprAt1pctFpr, Double tprAt01pctFpr, double[] fpr, double[] tpr) {}
}
