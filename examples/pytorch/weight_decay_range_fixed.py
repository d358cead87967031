"""The fixed twin of weight_decay_range.py: a usual coupled L2 strength for SGD."""
import torch
from torch import nn

model = nn.Sequential(nn.Conv2d(3, 16, 3, bias=False), nn.BatchNorm2d(16), nn.ReLU(), nn.Flatten(), nn.LazyLinear(10))
decay = [p for p in model.parameters() if p.ndim > 1]
other = [p for p in model.parameters() if p.ndim <= 1]
optimizer = torch.optim.SGD(
    [{"params": decay, "weight_decay": 5e-4}, {"params": other, "weight_decay": 0.0}],
    lr=0.1,
    momentum=0.9,
)
