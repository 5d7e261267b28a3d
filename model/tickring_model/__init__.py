"""DeepLOB training for tickring: the dataset is built with exactly the Java engine's definitions."""
