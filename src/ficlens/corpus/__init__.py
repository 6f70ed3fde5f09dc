"""Whole archives: map the analysis over many works on Dask and store Parquet tables."""
