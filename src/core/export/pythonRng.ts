// RegLab's random stream (src/core/data/rng.ts: mulberry32, deriveSeed, Fisher-Yates) in Python,
// bit for bit, so an exported script draws the same batch order. JavaScript's 32-bit integer
// semantics (Math.imul, >>> 0, ^ on int32) are reproduced by masking with 0xFFFFFFFF.
export const PYTHON_RNG = `MASK32 = 0xFFFFFFFF


def imul(a, b):
    """JavaScript Math.imul on the unsigned 32-bit views of a and b."""
    return (a * b) & MASK32


def derive_seed(seed, purpose):
    """RegLab's deriveSeed: FNV-1a style mix of the seed and a purpose string."""
    h = (2166136261 ^ int(seed)) & MASK32
    for ch in purpose:
        h = imul(h ^ ord(ch), 16777619)
    return h


class Rng:
    """RegLab's Rng (mulberry32)."""

    def __init__(self, seed):
        self.state = (int(seed) ^ 0x9E3779B9) & MASK32

    def next_uint32(self):
        self.state = (self.state + 0x6D2B79F5) & MASK32
        t = self.state
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & MASK32
        return (t ^ (t >> 14)) & MASK32

    def next(self):
        return self.next_uint32() / 4294967296.0

    def int(self, n):
        return math.floor(self.next() * n)

    def permutation(self, n):
        p = list(range(n))
        for i in range(n - 1, 0, -1):
            j = self.int(i + 1)
            p[i], p[j] = p[j], p[i]
        return p`;
