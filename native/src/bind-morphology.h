// Node-API binding of the morphology kernels (morphology.h): binaryDilation,
// binaryErosion, binaryOpening, binaryClosing and fillHoles on exports.
#pragma once

#include <napi.h>

void RegisterMorphology(Napi::Env env, Napi::Object exports);
