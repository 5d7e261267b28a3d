#!/usr/bin/python3
"""What streaming DeepLOB could save: which encoder rows (the inception outputs, the LSTM input) change when one
input row changes, and the multiply-adds of the convolution/inception encoder against the LSTM head.
The weights are random: the answer depends on the architecture only.  /usr/bin/python3 model/receptive_field.py"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tickring_model.deeplob import DeepLOB  # noqa: E402

torch.manual_seed(0)
torch.set_num_threads(1)
net = DeepLOB(5).eval()


def enc(x):
    """DeepLOB.forward up to the LSTM: N x 192 x T'."""
    x = net.conv3(net.conv2(net.conv1(x)))
    return torch.cat((net.inp1(x), net.inp2(x), net.inp3(x)), dim=1).squeeze(3)  # N,192,T'


x = torch.randn(1, 1, 100, 20)
with torch.no_grad():
    base = enc(x)
    print("encoder rows T' =", base.shape[2])
    # which encoder rows depend on input row r
    for r in (0, 50, 99):
        y = x.clone(); y[0, 0, r] += 1.0
        d = (enc(y) - base).abs().amax(dim=1)[0]
        nz = torch.nonzero(d > 0).flatten().tolist()
        print(f"input row {r} -> encoder rows {nz[0]}..{nz[-1]}")
# multiply-adds of every convolution, from its output size
macs = {}


def hook(name):
    def f(m, i, o):
        if isinstance(m, torch.nn.Conv2d):
            macs[name] = o.numel() * m.in_channels * m.kernel_size[0] * m.kernel_size[1] // m.groups
    return f


for n, m in net.named_modules():
    if isinstance(m, torch.nn.Conv2d):
        m.register_forward_hook(hook(n))
with torch.no_grad():
    net(x)
conv = sum(macs.values())
T = base.shape[2]
lstm = T * 4 * 64 * (192 + 64)
print(f"conv+inception MACs {conv:,}; LSTM MACs {lstm:,} ({T} steps); fc {64*3}")
