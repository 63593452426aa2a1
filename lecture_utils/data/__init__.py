"""Data: every file, table and text the lectures read, and the synthetic data they make.

- ``datasets``: dataset files by canonical address and SHA-256 (through pooch): cache,
  local mirror folder, download
- ``student_csv``: a student's own CSV file, read and checked with one error style
- ``timeseries``: tables for forecasting: loading, cleaning, windows
- ``text``: sentiment texts: rt-polarity, IMDB, a student's CSV; splits
- ``digits``: handwritten digits (scikit-learn's, or MNIST)
- ``synthetic``: seeded synthetic clips, sequences and series for controlled experiments

Data draws nothing and knows no widget.
"""
