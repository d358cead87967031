"""torch.optim.Adam with weight_decay adds wd * p to the gradient, which then passes through
Adam's adaptive scaling: parameters with large gradients are barely regularized. AdamW (decoupled
decay) is almost always what was meant. RegLab flags `adam-coupled-weight-decay`.
The fixed twin is adam_coupled_weight_decay_fixed.py."""
import torch
from torch import nn

model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1))
decay = [p for p in model.parameters() if p.ndim >= 2]
no_decay = [p for p in model.parameters() if p.ndim < 2]
optimizer = torch.optim.Adam(
    [{"params": decay}, {"params": no_decay, "weight_decay": 0.0}],
    lr=1e-3,
    weight_decay=1e-4,
)

x, y = torch.randn(128, 10), torch.randn(128, 1)
for epoch in range(50):
    optimizer.zero_grad()
    nn.functional.mse_loss(model(x), y).backward()
    optimizer.step()
