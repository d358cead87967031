"""The fixed twin of adam_coupled_weight_decay.py: AdamW applies the decay to the weights directly
(p <- p * (1 - lr * wd)). Note the best λ for AdamW is usually larger (around 1e-2 .. 1e-1):
sweep it rather than reuse Adam's value."""
import torch
from torch import nn

model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1))
decay = [p for p in model.parameters() if p.ndim >= 2]
no_decay = [p for p in model.parameters() if p.ndim < 2]
optimizer = torch.optim.AdamW(
    [{"params": decay}, {"params": no_decay, "weight_decay": 0.0}],
    lr=1e-3,
    weight_decay=0.01,
)

x, y = torch.randn(128, 10), torch.randn(128, 1)
for epoch in range(50):
    optimizer.zero_grad()
    nn.functional.mse_loss(model(x), y).backward()
    optimizer.step()
