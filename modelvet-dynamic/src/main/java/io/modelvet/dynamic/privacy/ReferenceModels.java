package io.modelvet.dynamic.privacy;

import io.modelvet.dynamic.model.Classifier;
import java.util.List;

/**
 * Reference models for the LiRA attack and which audit rows each was trained on.
 *
 * @param models reference classifiers (same input layout as the target)
 * @param membership {@code [auditRow][model]}: true when the row was in that model's training set;
 *     audit rows are the members file's rows followed by the non-members file's rows
 */
public record ReferenceModels(List<Classifier> models, boolean[][] membership) {
  public ReferenceModels {
    for (boolean[] row : membership)
      if (row.length != models.size())
        throw new IllegalArgumentException("membership matrix has " + row.length + " columns for " + models.size() + " reference models");
  }
}
