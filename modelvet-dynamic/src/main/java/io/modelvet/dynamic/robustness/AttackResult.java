package io.modelvet.dynamic.robustness;

/**
 * What one attack achieved on one correctly classified point.
 *
 * @param success whether a misclassified point within the attack's constraint was found
 * @param adversarial the best point found (the adversarial example on success), or null
 * @param adversarialLabel label the model gave {@code adversarial}, or -1
 * @param queries model queries spent on this point
 * @param distance distance of {@code adversarial} from the original in the attack's norm
 *     ({@link Double#POSITIVE_INFINITY} when nothing adversarial was found)
 */
public record AttackResult(boolean success, double[] adversarial, int adversarialLabel, int queries, double distance) {
  /** A failure that found nothing. */
  public static AttackResult failed(int queries) {
    return new AttackResult(false, null, -1, queries, Double.POSITIVE_INFINITY);
  }
}
