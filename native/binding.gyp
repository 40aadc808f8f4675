{
  "targets": [
    {
      "target_name": "lungdesk_native",
      "sources": ["src/addon.cc", "src/label3d.cc", "src/stored-to-hu.cc", "src/read-slices.cc", "src/slice2d.cc", "src/marching-cubes.cc", "src/bind-slice2d-mesh.cc", "src/resample.cc", "src/bind-resample.cc", "src/morphology.cc", "src/bind-morphology.cc", "src/lung-mask.cc"],
      "include_dirs": ["<!@(node -p \"require('node-addon-api').include\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "conditions": [
        ["OS=='linux'", {
          "cflags_cc": ["-std=c++17", "-O3", "-pthread"],
          "ldflags": ["-pthread"]
        }],
        ["OS=='mac'", {
          "xcode_settings": {
            "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
            "GCC_ENABLE_CPP_RTTI": "YES",
            "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
            "CLANG_CXX_LIBRARY": "libc++",
            "MACOSX_DEPLOYMENT_TARGET": "11.0",
            "GCC_OPTIMIZATION_LEVEL": "3"
          }
        }],
        ["OS=='win'", {
          "defines": ["NOMINMAX", "_HAS_EXCEPTIONS=1"],
          "msvs_settings": {
            "VCCLCompilerTool": {
              "ExceptionHandling": 1,
              "Optimization": 2,
              "AdditionalOptions": ["/std:c++17", "/utf-8"]
            }
          }
        }]
      ]
    }
  ]
}
