"""SGD with weight_decay=0.5 is coupled L2 far stronger than usual (1e-5 .. 5e-4 for SGD): the
weights collapse toward zero. RegLab reports `weight-decay-range` (information).
The fixed twin is weight_decay_range_fixed.py."""
import torch
from torch import nn

model = nn.Sequential(nn.Conv2d(3, 16, 3, bias=False), nn.BatchNorm2d(16), nn.ReLU(), nn.Flatten(), nn.LazyLinear(10))
decay = [p for p in model.parameters() if p.ndim > 1]
other = [p for p in model.parameters() if p.ndim <= 1]
optimizer = torch.optim.SGD(
    [{"params": decay, "weight_decay": 0.5}, {"params": other, "weight_decay": 0.0}],
    lr=0.1,
    momentum=0.9,
)
