// Node-API registration of the per-slice 2D kernels (label2d, clearBorder, roberts) and
// marchingCubes.
#pragma once

#include <napi.h>

/// Sets label2d, clearBorder, roberts and marchingCubes on `exports`.
void RegisterSlice2dMesh(Napi::Env env, Napi::Object exports);
