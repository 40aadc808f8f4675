// Node-API binding of the resampling kernels (resample.h): zoom.
#pragma once

#include <napi.h>

/// Sets `zoom` on `exports`.
void RegisterResample(Napi::Env env, Napi::Object exports);
