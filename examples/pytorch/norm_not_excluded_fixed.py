"""The fixed twin of norm_not_excluded.py: 1-D parameters (biases and norm gains) are not decayed."""
import torch
from torch import nn


class TinyLM(nn.Module):
    def __init__(self, vocab: int = 100, d: int = 32):
        super().__init__()
        self.fc = nn.Linear(d, d)
        self.ln_f = nn.LayerNorm(d)
        self.lm_head = nn.Linear(d, vocab, bias=False)

    def forward(self, x):
        return self.lm_head(self.ln_f(torch.relu(self.fc(x))))


model = TinyLM()
decay, no_decay = [], []
for name, p in model.named_parameters():
    if p.dim() < 2:
        no_decay.append(p)
    else:
        decay.append(p)
optimizer = torch.optim.AdamW(
    [{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
    lr=6e-4,
)
