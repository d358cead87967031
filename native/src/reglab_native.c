// RegLab's native kernels: single-precision GEMM over the system's CBLAS (OpenBLAS), fused with
// the bias add and activation of a dense layer, the dense layer's backward pass, and the Adam /
// AdamW update. TF.js kernels (src/core/backend/nativeKernels.ts) call these on Float32Array views
// of tensor memory (the wasm heap or the cpu backend's arrays), so nothing is copied.
//
// Everything is row-major float32. Shapes and flags are checked here, so a wrong call from
// JavaScript throws a TypeError/RangeError instead of reading out of bounds.
#include <cblas.h>
#include <math.h>
#include <node_api.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ACT_LINEAR 0
#define ACT_RELU 1
#define ACT_TANH 2
#define ACT_SIGMOID 3
#define ACT_MAX ACT_SIGMOID

#define CHECK_NAPI(env, call)                                  \
  do {                                                         \
    if ((call) != napi_ok) {                                   \
      napi_throw_error((env), NULL, "N-API call failed: " #call); \
      return NULL;                                             \
    }                                                          \
  } while (0)

typedef struct {
  float* data;
  size_t length;
} F32;

// Reads argument `i` as a Float32Array (or null when `optional`). Returns false with a pending
// exception on a wrong type.
static bool get_f32(napi_env env, napi_value v, const char* name, bool optional, F32* out) {
  out->data = NULL;
  out->length = 0;
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (optional && (t == napi_null || t == napi_undefined)) return true;
  bool is_ta = false;
  napi_is_typedarray(env, v, &is_ta);
  if (!is_ta) {
    char msg[128];
    snprintf(msg, sizeof msg, "%s must be a Float32Array", name);
    napi_throw_type_error(env, NULL, msg);
    return false;
  }
  napi_typedarray_type type;
  size_t length;
  void* data;
  napi_get_typedarray_info(env, v, &type, &length, &data, NULL, NULL);
  if (type != napi_float32_array) {
    char msg[128];
    snprintf(msg, sizeof msg, "%s must be a Float32Array", name);
    napi_throw_type_error(env, NULL, msg);
    return false;
  }
  out->data = (float*)data;
  out->length = length;
  return true;
}

static bool get_i32(napi_env env, napi_value v, const char* name, int32_t* out) {
  if (napi_get_value_int32(env, v, out) != napi_ok || *out < 0) {
    char msg[128];
    snprintf(msg, sizeof msg, "%s must be a non-negative integer", name);
    napi_throw_type_error(env, NULL, msg);
    return false;
  }
  return true;
}

static bool get_f64(napi_env env, napi_value v, const char* name, double* out) {
  if (napi_get_value_double(env, v, out) != napi_ok) {
    char msg[128];
    snprintf(msg, sizeof msg, "%s must be a number", name);
    napi_throw_type_error(env, NULL, msg);
    return false;
  }
  return true;
}

static bool get_bool(napi_env env, napi_value v, bool* out) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t == napi_boolean) return napi_get_value_bool(env, v, out) == napi_ok;
  int32_t i = 0;
  napi_get_value_int32(env, v, &i);
  *out = i != 0;
  return true;
}

static bool need(napi_env env, const F32* a, size_t n, const char* name) {
  if (a->length < n) {
    char msg[160];
    snprintf(msg, sizeof msg, "%s has %zu elements, needs %zu", name, a->length, n);
    napi_throw_range_error(env, NULL, msg);
    return false;
  }
  return true;
}

// Element-wise loops with restrict pointers so they vectorize; target_clones adds AVX2 versions
// chosen when the library loads.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VECTOR_CLONES
#endif

VECTOR_CLONES static void relu_inplace(float* restrict o, size_t n) {
  for (size_t i = 0; i < n; i++) o[i] = o[i] > 0.0f ? o[i] : 0.0f;
}

// tanh and sigmoid in place: float32 libm, sigmoid as 1 / (1 + e^-x) like PyTorch's CPU kernel.
static void tanh_inplace(float* restrict o, size_t n) {
  for (size_t i = 0; i < n; i++) o[i] = tanhf(o[i]);
}
static void sigmoid_inplace(float* restrict o, size_t n) {
  for (size_t i = 0; i < n; i++) o[i] = 1.0f / (1.0f + expf(-o[i]));
}

// Activation gradients from the output y, in PyTorch's order: tanh dy·(1 − y²),
// sigmoid (dy·(1 − y))·y.
VECTOR_CLONES static void tanh_grad(float* restrict s, const float* restrict y, const float* restrict dy, size_t n) {
  for (size_t i = 0; i < n; i++) s[i] = dy[i] * (1.0f - y[i] * y[i]);
}
VECTOR_CLONES static void sigmoid_grad(float* restrict s, const float* restrict y, const float* restrict dy, size_t n) {
  for (size_t i = 0; i < n; i++) s[i] = dy[i] * (1.0f - y[i]) * y[i];
}

// s = dy where y > 0, else 0 (the relu backward mask).
VECTOR_CLONES static void relu_mask(float* restrict s, const float* restrict y, const float* restrict dy, size_t n) {
  for (size_t i = 0; i < n; i++) s[i] = y[i] > 0.0f ? dy[i] : 0.0f;
}

// db[j] = Σ_i dz[i, j] over the M rows of dz[M, N].
VECTOR_CLONES static void column_sums(float* restrict db, const float* restrict dz, size_t M, size_t N) {
  memset(db, 0, N * sizeof(float));
  for (size_t i = 0; i < M; i++) {
    const float* restrict row = dz + i * N;
    for (size_t j = 0; j < N; j++) db[j] += row[j];
  }
}

// Scratch buffer for the activation gradient in dense_backward; grows, never shrinks. One per
// thread: the addon may be loaded in several worker threads.
static _Thread_local float* scratch = NULL;
static _Thread_local size_t scratch_len = 0;
static float* get_scratch(size_t n) {
  if (n > scratch_len) {
    free(scratch);
    scratch = (float*)malloc(n * sizeof(float));
    scratch_len = scratch ? n : 0;
  }
  return scratch;
}

// matmul(a, b, out, M, N, K, transA, transB, bias | null, act)
//   out[M,N] = act(op(a)[M,K] · op(b)[K,N] + bias[N]); op = transpose when the flag is set;
//   act 0 linear, 1 relu, 2 tanh, 3 sigmoid
//   (a is then stored [K,M], b stored [N,K]).
static napi_value Matmul(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10];
  CHECK_NAPI(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 8) {
    napi_throw_type_error(env, NULL, "matmul(a, b, out, M, N, K, transA, transB, bias?, act?)");
    return NULL;
  }
  F32 a, b, out, bias = {NULL, 0};
  int32_t M, N, K, act = ACT_LINEAR;
  bool ta, tb;
  if (!get_f32(env, argv[0], "a", false, &a) || !get_f32(env, argv[1], "b", false, &b) ||
      !get_f32(env, argv[2], "out", false, &out) || !get_i32(env, argv[3], "M", &M) ||
      !get_i32(env, argv[4], "N", &N) || !get_i32(env, argv[5], "K", &K) ||
      !get_bool(env, argv[6], &ta) || !get_bool(env, argv[7], &tb))
    return NULL;
  if (argc > 8 && !get_f32(env, argv[8], "bias", true, &bias)) return NULL;
  if (argc > 9 && !get_i32(env, argv[9], "act", &act)) return NULL;
  if (!need(env, &a, (size_t)M * K, "a") || !need(env, &b, (size_t)K * N, "b") ||
      !need(env, &out, (size_t)M * N, "out") || (bias.data && !need(env, &bias, (size_t)N, "bias")))
    return NULL;
  if (act > ACT_MAX) {
    napi_throw_range_error(env, NULL, "act must be 0 (linear), 1 (relu), 2 (tanh) or 3 (sigmoid)");
    return NULL;
  }
  float beta = 0.0f;
  if (bias.data) {
    for (int32_t i = 0; i < M; i++) memcpy(out.data + (size_t)i * N, bias.data, (size_t)N * sizeof(float));
    beta = 1.0f;
  }
  if (M > 0 && N > 0) {
    if (K == 0) {
      if (!bias.data) memset(out.data, 0, (size_t)M * N * sizeof(float));
    } else {
      cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, M, N, K,
                  1.0f, a.data, ta ? M : K, b.data, tb ? K : N, beta, out.data, N);
    }
  }
  if (act == ACT_RELU) relu_inplace(out.data, (size_t)M * N);
  if (act == ACT_TANH) tanh_inplace(out.data, (size_t)M * N);
  if (act == ACT_SIGMOID) sigmoid_inplace(out.data, (size_t)M * N);
  return NULL;
}

// denseBackward(x, w, y, dy, dx | null, dw | null, db | null, M, N, K, transW, act)
// Backward pass of y = act(x[M,K] · op(w) + b) with w stored [K,N] (transW = 0) or [N,K]
// (transW = 1, PyTorch's Linear layout). y is the layer's output (the activation's gradient comes from it).
static napi_value DenseBackward(napi_env env, napi_callback_info info) {
  size_t argc = 12;
  napi_value argv[12];
  CHECK_NAPI(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 12) {
    napi_throw_type_error(env, NULL, "denseBackward(x, w, y, dy, dx, dw, db, M, N, K, transW, act)");
    return NULL;
  }
  F32 x, w, y, dy, dx, dw, db;
  int32_t M, N, K, act;
  bool tw;
  if (!get_f32(env, argv[0], "x", false, &x) || !get_f32(env, argv[1], "w", false, &w) ||
      !get_f32(env, argv[2], "y", true, &y) || !get_f32(env, argv[3], "dy", false, &dy) ||
      !get_f32(env, argv[4], "dx", true, &dx) || !get_f32(env, argv[5], "dw", true, &dw) ||
      !get_f32(env, argv[6], "db", true, &db) || !get_i32(env, argv[7], "M", &M) ||
      !get_i32(env, argv[8], "N", &N) || !get_i32(env, argv[9], "K", &K) ||
      !get_bool(env, argv[10], &tw) || !get_i32(env, argv[11], "act", &act))
    return NULL;
  size_t mn = (size_t)M * N;
  if (!need(env, &x, (size_t)M * K, "x") || !need(env, &w, (size_t)K * N, "w") ||
      !need(env, &dy, mn, "dy") || (dw.data && !need(env, &dw, (size_t)K * N, "dw")) ||
      (dx.data && !need(env, &dx, (size_t)M * K, "dx")) || (db.data && !need(env, &db, (size_t)N, "db")))
    return NULL;
  const float* dz = dy.data;
  if (act > ACT_MAX) {
    napi_throw_range_error(env, NULL, "act must be 0 (linear), 1 (relu), 2 (tanh) or 3 (sigmoid)");
    return NULL;
  }
  if (act != ACT_LINEAR) {
    if (!y.data || !need(env, &y, mn, "y")) {
      if (!y.data) napi_throw_type_error(env, NULL, "y (the layer's output) is required for an activation");
      return NULL;
    }
    float* s = get_scratch(mn);
    if (!s && mn) {
      napi_throw_error(env, NULL, "out of memory");
      return NULL;
    }
    if (act == ACT_RELU) relu_mask(s, y.data, dy.data, mn);
    if (act == ACT_TANH) tanh_grad(s, y.data, dy.data, mn);
    if (act == ACT_SIGMOID) sigmoid_grad(s, y.data, dy.data, mn);
    dz = s;
  }
  if (M == 0 || N == 0 || K == 0) {
    if (dx.data) memset(dx.data, 0, (size_t)M * K * sizeof(float));
    if (dw.data) memset(dw.data, 0, (size_t)K * N * sizeof(float));
  } else {
    if (dx.data) {  // dx[M,K] = dz[M,N] · op(w)ᵀ
      cblas_sgemm(CblasRowMajor, CblasNoTrans, tw ? CblasNoTrans : CblasTrans, M, K, N, 1.0f, dz, N, w.data,
                  tw ? K : N, 0.0f, dx.data, K);
    }
    if (!dw.data) {
      // dx only
    } else if (tw) {  // dw[N,K] = dzᵀ · x
      cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, N, K, M, 1.0f, dz, N, x.data, K, 0.0f, dw.data, K);
    } else {  // dw[K,N] = xᵀ · dz
      cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, K, N, M, 1.0f, x.data, K, dz, N, 0.0f, dw.data, N);
    }
  }
  if (db.data) column_sums(db.data, dz, (size_t)M, (size_t)N);
  return NULL;
}

// Softmax cross-entropy of logits[B,C] against target[B,C] (one-hot or any distribution), mean
// over the batch: loss = -(1/B) Σ_i Σ_j t_ij · log_softmax(z_i)_j, as nn.CrossEntropyLoss.
// softmaxCrossEntropy(logits, target, B, C, out[1]); softmaxCrossEntropyGrad(logits, target, B, C,
// dy[1], dlogits[B,C]) with dlogits_ij = dy/B · (softmax(z_i)_j · Σ_j t_ij − t_ij).
static bool sce_args(napi_env env, napi_callback_info info, F32* z, F32* t, int32_t* B, int32_t* C, F32* a5,
                     F32* a6, size_t nargs) {
  size_t argc = 6;
  napi_value argv[6];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < nargs) {
    napi_throw_type_error(env, NULL, "softmaxCrossEntropy(logits, target, B, C, out) / ...Grad(logits, target, B, C, dy, dlogits)");
    return false;
  }
  if (!get_f32(env, argv[0], "logits", false, z) || !get_f32(env, argv[1], "target", false, t) ||
      !get_i32(env, argv[2], "B", B) || !get_i32(env, argv[3], "C", C) ||
      !get_f32(env, argv[4], nargs == 5 ? "out" : "dy", false, a5) ||
      (nargs == 6 && !get_f32(env, argv[5], "dlogits", false, a6)))
    return false;
  size_t n = (size_t)(*B) * (*C);
  return need(env, z, n, "logits") && need(env, t, n, "target") && need(env, a5, 1, nargs == 5 ? "out" : "dy") &&
         (nargs == 5 || need(env, a6, n, "dlogits"));
}

static napi_value SoftmaxCrossEntropy(napi_env env, napi_callback_info info) {
  F32 z, t, out, unused;
  int32_t B, C;
  if (!sce_args(env, info, &z, &t, &B, &C, &out, &unused, 5)) return NULL;
  double total = 0.0;
  for (int32_t i = 0; i < B; i++) {
    const float* zi = z.data + (size_t)i * C;
    const float* ti = t.data + (size_t)i * C;
    float mx = -INFINITY;
    for (int32_t j = 0; j < C; j++) mx = zi[j] > mx ? zi[j] : mx;
    double se = 0.0;
    for (int32_t j = 0; j < C; j++) se += exp((double)zi[j] - mx);
    const double lse = mx + log(se);
    for (int32_t j = 0; j < C; j++)
      if (ti[j] != 0.0f) total -= (double)ti[j] * ((double)zi[j] - lse);
  }
  out.data[0] = B > 0 ? (float)(total / B) : NAN;
  return NULL;
}

static napi_value SoftmaxCrossEntropyGrad(napi_env env, napi_callback_info info) {
  F32 z, t, dy, dz;
  int32_t B, C;
  if (!sce_args(env, info, &z, &t, &B, &C, &dy, &dz, 6)) return NULL;
  const float scale = B > 0 ? dy.data[0] / (float)B : 0.0f;
  for (int32_t i = 0; i < B; i++) {
    const float* zi = z.data + (size_t)i * C;
    const float* ti = t.data + (size_t)i * C;
    float* gi = dz.data + (size_t)i * C;
    float mx = -INFINITY, tsum = 0.0f;
    for (int32_t j = 0; j < C; j++) {
      mx = zi[j] > mx ? zi[j] : mx;
      tsum += ti[j];
    }
    float se = 0.0f;
    for (int32_t j = 0; j < C; j++) {
      gi[j] = expf(zi[j] - mx);
      se += gi[j];
    }
    const float k = tsum / se;
    for (int32_t j = 0; j < C; j++) gi[j] = scale * (gi[j] * k - ti[j]);
  }
  return NULL;
}

typedef struct {
  float bc2_sqrt, step_size, shrink, b1, b2, c1, c2, eps, wd;
} AdamScalars;

// The element-wise Adam update; `decoupled` and `ams` are constants in each caller below, so the
// compiler emits four branch-free loops, and target_clones adds AVX2 versions picked at load time.
// Float operations in PyTorch's order (no FMA contraction: -ffp-contract=off).
static inline void adam_body(float* restrict P, const float* restrict G, float* restrict M, float* restrict V,
                             float* restrict VM, size_t n, const AdamScalars* k, bool decoupled, bool ams) {
  const float shrink = k->shrink, b1 = k->b1, b2 = k->b2, c1 = k->c1, c2 = k->c2, eps = k->eps, wd = k->wd;
  const float bc2_sqrt = k->bc2_sqrt, neg_step = -k->step_size;
  for (size_t i = 0; i < n; i++) {
    float p = P[i], gi = G[i];
    if (decoupled) p = p * shrink;
    else gi = gi + wd * p;
    const float mi = M[i] * b1 + gi * c1;
    const float vi = V[i] * b2 + c2 * gi * gi;
    M[i] = mi;
    V[i] = vi;
    float vv = vi;
    if (ams) {
      vv = VM[i] > vi ? VM[i] : vi;
      VM[i] = vv;
    }
    const float denom = sqrtf(vv) / bc2_sqrt + eps;
    P[i] = p + neg_step * (mi / denom);
  }
}

VECTOR_CLONES static void adam_decoupled(float* P, const float* G, float* M, float* V, size_t n, const AdamScalars* k) {
  adam_body(P, G, M, V, NULL, n, k, true, false);
}
VECTOR_CLONES static void adam_decoupled_ams(float* P, const float* G, float* M, float* V, float* VM, size_t n,
                                             const AdamScalars* k) {
  adam_body(P, G, M, V, VM, n, k, true, true);
}
VECTOR_CLONES static void adam_coupled(float* P, const float* G, float* M, float* V, size_t n, const AdamScalars* k) {
  adam_body(P, G, M, V, NULL, n, k, false, false);
}
VECTOR_CLONES static void adam_coupled_ams(float* P, const float* G, float* M, float* V, float* VM, size_t n,
                                           const AdamScalars* k) {
  adam_body(P, G, M, V, VM, n, k, false, true);
}

// adamStep(p, g, m, v, vmax | null, lr, beta1, beta2, eps, weightDecay, decoupled, step)
// One torch.optim.Adam (decoupled = false) or AdamW (decoupled = true) step, in place, in the
// order PyTorch 1.13's single-tensor implementation uses (see docs/performance.md).
static napi_value AdamStep(napi_env env, napi_callback_info info) {
  size_t argc = 12;
  napi_value argv[12];
  CHECK_NAPI(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 12) {
    napi_throw_type_error(env, NULL, "adamStep(p, g, m, v, vmax, lr, beta1, beta2, eps, weightDecay, decoupled, step)");
    return NULL;
  }
  F32 p, g, m, v, vmax;
  double lr, b1, b2, eps, wd, step;
  bool decoupled;
  if (!get_f32(env, argv[0], "p", false, &p) || !get_f32(env, argv[1], "g", false, &g) ||
      !get_f32(env, argv[2], "m", false, &m) || !get_f32(env, argv[3], "v", false, &v) ||
      !get_f32(env, argv[4], "vmax", true, &vmax) || !get_f64(env, argv[5], "lr", &lr) ||
      !get_f64(env, argv[6], "beta1", &b1) || !get_f64(env, argv[7], "beta2", &b2) ||
      !get_f64(env, argv[8], "eps", &eps) || !get_f64(env, argv[9], "weightDecay", &wd) ||
      !get_bool(env, argv[10], &decoupled) || !get_f64(env, argv[11], "step", &step))
    return NULL;
  size_t n = p.length;
  if (!need(env, &g, n, "g") || !need(env, &m, n, "m") || !need(env, &v, n, "v") ||
      (vmax.data && !need(env, &vmax, n, "vmax")))
    return NULL;
  // PyTorch computes these scalars in double and casts them to float inside the kernels.
  AdamScalars k;
  k.bc2_sqrt = (float)sqrt(1.0 - pow(b2, step));
  k.step_size = (float)(lr / (1.0 - pow(b1, step)));
  k.shrink = (float)(1.0 - lr * wd);
  k.b1 = (float)b1;
  k.b2 = (float)b2;
  k.c1 = (float)(1.0 - b1);
  k.c2 = (float)(1.0 - b2);
  k.eps = (float)eps;
  k.wd = (float)wd;
  if (decoupled) {
    if (wd == 0.0) k.shrink = 1.0f;
    if (vmax.data) adam_decoupled_ams(p.data, g.data, m.data, v.data, vmax.data, n, &k);
    else adam_decoupled(p.data, g.data, m.data, v.data, n, &k);
  } else {
    if (vmax.data) adam_coupled_ams(p.data, g.data, m.data, v.data, vmax.data, n, &k);
    else adam_coupled(p.data, g.data, m.data, v.data, n, &k);
  }
  return NULL;
}

// sgdStep(p, g, buf | null, lr, momentum, dampening, nesterov, weightDecay, first)
// One torch.optim.SGD step in place (PyTorch 1.13 _single_tensor_sgd, its float order):
// d = g + wd·p; with momentum: buf = d on the first step, else buf·momentum + (1 − dampening)·d,
// and d = d + momentum·buf (nesterov) or buf; p = p + (−lr)·d.
static napi_value SgdStep(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  CHECK_NAPI(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 9) {
    napi_throw_type_error(env, NULL, "sgdStep(p, g, buf, lr, momentum, dampening, nesterov, weightDecay, first)");
    return NULL;
  }
  F32 p, g, buf;
  double lr, momentum, dampening, wd;
  bool nesterov, first;
  if (!get_f32(env, argv[0], "p", false, &p) || !get_f32(env, argv[1], "g", false, &g) ||
      !get_f32(env, argv[2], "buf", true, &buf) || !get_f64(env, argv[3], "lr", &lr) ||
      !get_f64(env, argv[4], "momentum", &momentum) || !get_f64(env, argv[5], "dampening", &dampening) ||
      !get_bool(env, argv[6], &nesterov) || !get_f64(env, argv[7], "weightDecay", &wd) || !get_bool(env, argv[8], &first))
    return NULL;
  size_t n = p.length;
  if (!need(env, &g, n, "g") || (buf.data && !need(env, &buf, n, "buf"))) return NULL;
  if (momentum != 0.0 && !buf.data) {
    napi_throw_type_error(env, NULL, "buf is required when momentum != 0");
    return NULL;
  }
  const float fwd = (float)wd, mom = (float)momentum, keep = (float)(1.0 - dampening), neg_lr = (float)(-lr);
  float* restrict P = p.data;
  const float* restrict G = g.data;
  float* restrict B = momentum != 0.0 ? buf.data : NULL;
  for (size_t i = 0; i < n; i++) {
    float d = G[i];
    if (wd != 0.0) d = d + fwd * P[i];
    if (B) {
      const float b = first ? d : B[i] * mom + keep * d;
      B[i] = b;
      d = nesterov ? d + mom * b : b;
    }
    P[i] = P[i] + neg_lr * d;
  }
  return NULL;
}

// setThreads(n): OpenBLAS worker threads (1 by default: the matrices are small and parallel
// trials share the cores).
static napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK_NAPI(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int32_t n = 1;
  if (argc < 1 || !get_i32(env, argv[0], "n", &n)) return NULL;
  openblas_set_num_threads(n < 1 ? 1 : n);
  return NULL;
}

static napi_value BlasInfo(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value s;
  CHECK_NAPI(env, napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &s));
  return s;
}

static napi_value Init(napi_env env, napi_value exports) {
  const char* env_threads = getenv("OPENBLAS_NUM_THREADS");
  if (!env_threads || !*env_threads) openblas_set_num_threads(1);
  napi_property_descriptor props[] = {
      {"matmul", NULL, Matmul, NULL, NULL, NULL, napi_default, NULL},
      {"denseBackward", NULL, DenseBackward, NULL, NULL, NULL, napi_default, NULL},
      {"adamStep", NULL, AdamStep, NULL, NULL, NULL, napi_default, NULL},
      {"sgdStep", NULL, SgdStep, NULL, NULL, NULL, napi_default, NULL},
      {"softmaxCrossEntropy", NULL, SoftmaxCrossEntropy, NULL, NULL, NULL, napi_default, NULL},
      {"softmaxCrossEntropyGrad", NULL, SoftmaxCrossEntropyGrad, NULL, NULL, NULL, napi_default, NULL},
      {"setThreads", NULL, SetThreads, NULL, NULL, NULL, napi_default, NULL},
      {"blasInfo", NULL, BlasInfo, NULL, NULL, NULL, napi_default, NULL},
  };
  CHECK_NAPI(env, napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
