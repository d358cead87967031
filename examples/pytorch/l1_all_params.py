"""An L1 penalty summed over model.parameters() also pushes biases toward zero, which is rarely
intended (sparsity is about weights). RegLab flags `l1-all-params`. The fixed twin is
l1_all_params_fixed.py."""
import torch
from torch import nn

model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
l1_lambda = 1e-4

x, y = torch.randn(512, 20), torch.randn(512, 1)
for epoch in range(20):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(x), y)
    l1 = sum(p.abs().sum() for p in model.parameters())
    (loss + l1_lambda * l1).backward()
    optimizer.step()
