"""The classifier: a small linear model trained on ``corpus/``, and the nearest known case.

- ``features``: the text each post is reduced to (spaCy lemmas, placeholders for URLs, numbers,
  handles; the account type as a token) and a numpy-only re-implementation of the TF-IDF
  vectorisers used in training;
- ``train``: fitting with scikit-learn, cross-validated calibration and thresholds;
- ``store``: the model on disk: the scikit-learn model in skops format (loaded only with an
  explicit list of trusted types), its numpy export for fast loading, and the model card;
- ``runtime``: scoring posts at check time with numpy only (no scikit-learn import);
- ``similar``: the documented case a post resembles most;
- ``evaluate``: cross-validated and held-out metrics for rules, classifier and both.
"""
