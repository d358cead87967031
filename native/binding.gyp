{
  "targets": [
    {
      "target_name": "reglab_native",
      "sources": ["src/reglab_native.c"],
      "cflags": ["-O3", "-std=gnu11", "-ffp-contract=off", "-fno-math-errno", "-Wall", "-Wextra", "<!@(pkg-config --cflags openblas 2>/dev/null || true)"],
      "libraries": ["<!@(pkg-config --libs openblas 2>/dev/null || echo -lopenblas)"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
