"""A "no decay" group without a weight_decay key inherits the optimizer's value: here AdamW's
default 0.01, so biases and LayerNorm are decayed after all. RegLab flags
`no-decay-group-inherits`. The fixed twin is no_decay_group_inherits_fixed.py."""
import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, d: int = 32):
        super().__init__()
        self.proj = nn.Linear(d, d)
        self.norm = nn.LayerNorm(d)

    def forward(self, x):
        return self.norm(x + torch.relu(self.proj(x)))


model = Block()
no_decay = ["bias", "norm.weight"]
groups = [
    {"params": [p for n, p in model.named_parameters() if not any(nd in n for nd in no_decay)], "weight_decay": 0.1},
    {"params": [p for n, p in model.named_parameters() if any(nd in n for nd in no_decay)]},
]
optimizer = torch.optim.AdamW(groups, lr=3e-4)
