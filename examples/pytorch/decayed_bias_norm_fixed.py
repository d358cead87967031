"""The fixed twin of decayed_bias_norm.py: matrices are decayed, biases and norm gains are not
(the nanoGPT rule: parameters with 2 or more dimensions get weight decay)."""
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
decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
optimizer = torch.optim.AdamW(
    [
        {"params": decay, "weight_decay": 0.05},
        {"params": no_decay, "weight_decay": 0.0},
    ],
    lr=1e-3,
)

x = torch.randn(256, 16)
y = (x[:, 0] > 0).long()
for step in range(100):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
