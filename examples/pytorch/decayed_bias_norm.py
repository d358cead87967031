"""AdamW over model.parameters(): weight decay also shrinks every bias and LayerNorm gain.

RegLab flags `decayed-bias-norm` on the optimizer call. The fixed twin is
decayed_bias_norm_fixed.py.
"""
import torch
from torch import nn


class MLP(nn.Module):
    def __init__(self, d_in: int = 16, d_hidden: int = 64, d_out: int = 2):
        super().__init__()
        self.fc1 = nn.Linear(d_in, d_hidden)
        self.ln1 = nn.LayerNorm(d_hidden)
        self.fc2 = nn.Linear(d_hidden, d_hidden)
        self.ln2 = nn.LayerNorm(d_hidden)
        self.head = nn.Linear(d_hidden, d_out)

    def forward(self, x):
        x = torch.relu(self.ln1(self.fc1(x)))
        x = torch.relu(self.ln2(self.fc2(x)))
        return self.head(x)


model = MLP()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)

x = torch.randn(256, 16)
y = (x[:, 0] > 0).long()
for step in range(100):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
