package io.modelvet.report;

/** OWASP Machine Learning Security Top 10 (2023) categories, used to tag every finding. */
public enum Owasp {
  ML01("ML01:2023 Input Manipulation Attack"),
  ML02("ML02:2023 Data Poisoning Attack"),
  ML03("ML03:2023 Model Inversion Attack"),
  ML04("ML04:2023 Membership Inference Attack"),
  ML05("ML05:2023 Model Theft"),
  ML06("ML06:2023 AI Supply Chain Attacks"),
  ML07("ML07:2023 Transfer Learning Attack"),
  ML08("ML08:2023 Model Skewing"),
  ML09("ML09:2023 Output Integrity Attack"),
  ML10("ML10:2023 Model Poisoning");

  private final String title;

  Owasp(String title) {
    this.title = title;
  }

  public String title() {
    return title;
  }
}
