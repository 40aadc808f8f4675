{
  "targets": [
    {
      "target_name": "lungdesk_native",
      "sources": ["src/addon.cc", "src/label3d.cc", "src/stored-to-hu.cc", "src/read-slices.cc", "src/slice2d.cc", "src/marching-cubes.cc", "src/bind-slice2d-mesh.cc", "src/resample.cc", "src/bind-resample.cc", "src/morphology.cc", "src/bind-morphology.cc", "src/lung-mask.cc"],
      "include_dirs": ["<!@(node -p \"require('node-addon-api').include\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-O3", "-march=x86-64-v2", "-fopenmp"],
      "ldflags": ["-fopenmp"]
    }
  ]
}
