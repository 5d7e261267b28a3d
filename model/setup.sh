#!/bin/sh
# Installs the Python training dependencies from Debian (PyPI is not needed): PyTorch, ONNX, NumPy and
# OpenBLAS (2x faster training than the reference BLAS); scikit-learn and PyYAML for evaluate.py's baselines
# and the instrument registry. Run as root; use /usr/bin/python3 afterwards.
set -eu
apt-get update
apt-get install -y python3-torch python3-onnx python3-numpy libopenblas0-pthread python3-sklearn python3-yaml
/usr/bin/python3 -c "import torch, onnx, numpy; import sklearn, yaml; print('torch', torch.__version__, 'onnx', onnx.__version__, 'numpy', numpy.__version__, 'sklearn', sklearn.__version__)"
