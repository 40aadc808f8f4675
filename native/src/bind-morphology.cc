// Argument checks and calls for the morphology kernels. Built with
// NAPI_DISABLE_CPP_EXCEPTIONS: every failed check throws a JS exception and returns;
// std::bad_alloc from a kernel becomes a JS Error.
#include "bind-morphology.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <new>
#include <string>

#include "binding-util.h"
#include "morphology.h"

namespace {

using namespace lungdesk_binding;
using Dims = Dims3;


bool readMask(Napi::Env env, const std::string& fn, const Napi::Value& v, Napi::Uint8Array& out) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throwType(env, fn + ": mask must be a Uint8Array (0 = background, non-zero = foreground), got " + describe(v));
    return false;
  }
  out = v.As<Napi::Uint8Array>();
  return true;
}

bool readDims(Napi::Env env, const std::string& fn, const Napi::Value& v, const Napi::Uint8Array& mask, Dims& out) {
  return readDims3(env, fn, "dims", v, out) && checkLength3(env, fn, "mask", mask, out);
}

bool readRadii(Napi::Env env, const std::string& fn, const Napi::Value& v, const Dims& d, lungdesk::Radii& out) {
  if (!v.IsArray() || v.As<Napi::Array>().Length() != 3) {
    throwType(env, fn + ": radii must be an array [rx, ry, rz] of 3 integers (voxels), got " + describe(v));
    return false;
  }
  Napi::Array a = v.As<Napi::Array>();
  int r[3];
  for (uint32_t i = 0; i < 3; ++i) {
    Napi::Value e = a.Get(i);
    const std::string name = "radii[" + std::to_string(i) + "]";
    if (!e.IsNumber()) {
      throwType(env, fn + ": " + name + " must be a number, got " + describe(e));
      return false;
    }
    const double x = e.As<Napi::Number>().DoubleValue();
    if (!std::isfinite(x) || x < 0 || x > 65535 || std::floor(x) != x) {
      throwRange(env, fn + ": " + name + " must be an integer 0..65535 (voxels), got " + e.ToString().Utf8Value());
      return false;
    }
    r[i] = static_cast<int>(x);
  }
  out.rx = r[0];
  out.ry = r[1];
  out.rz = r[2];
  const std::string why = lungdesk::checkRadii(out, d.nx, d.ny, d.nz);
  if (!why.empty()) {
    throwRange(env, fn + ": radii [" + std::to_string(r[0]) + ", " + std::to_string(r[1]) + ", " + std::to_string(r[2]) +
                        "] rejected: " + why);
    return false;
  }
  return true;
}

bool readBorderValue(Napi::Env env, const std::string& fn, const Napi::Value& v, int& out) {
  if (v.IsUndefined()) {
    out = 1;  // skimage's convention
    return true;
  }
  if (!v.IsNumber()) {
    throwType(env, fn + ": borderValue must be 0 or 1, got " + describe(v));
    return false;
  }
  const double b = v.As<Napi::Number>().DoubleValue();
  if (b != 0 && b != 1) {
    throwRange(env, fn + ": borderValue must be 0 or 1 (what outside the volume counts as), got " + v.ToString().Utf8Value());
    return false;
  }
  out = static_cast<int>(b);
  return true;
}

enum class Op { Dilation, Erosion, Opening, Closing };

// op(mask, dims, radii, borderValue?) -> Uint8Array
Napi::Value Morphology(const Napi::CallbackInfo& info, Op op, const char* name) {
  Napi::Env env = info.Env();
  const std::string fn = name;
  Napi::Uint8Array mask;
  Dims d;
  lungdesk::Radii radii;
  int borderValue = 1;
  if (!readMask(env, fn, info[0], mask) || !readDims(env, fn, info[1], mask, d) || !readRadii(env, fn, info[2], d, radii))
    return env.Undefined();
  if (op != Op::Dilation && !readBorderValue(env, fn, info[3], borderValue)) return env.Undefined();
  Napi::Uint8Array out = Napi::Uint8Array::New(env, d.count());
  if (env.IsExceptionPending()) return env.Undefined();
  try {
    const uint8_t* in = mask.Data();
    switch (op) {
      case Op::Dilation: lungdesk::binaryDilation(in, d.nx, d.ny, d.nz, radii, out.Data()); break;
      case Op::Erosion: lungdesk::binaryErosion(in, d.nx, d.ny, d.nz, radii, borderValue, out.Data()); break;
      case Op::Opening: lungdesk::binaryOpening(in, d.nx, d.ny, d.nz, radii, borderValue, out.Data()); break;
      case Op::Closing: lungdesk::binaryClosing(in, d.nx, d.ny, d.nz, radii, borderValue, out.Data()); break;
    }
  } catch (const std::bad_alloc&) {
    Napi::Error::New(env, fn + ": out of memory").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return out;
}

Napi::Value BinaryDilation(const Napi::CallbackInfo& info) { return Morphology(info, Op::Dilation, "binaryDilation"); }
Napi::Value BinaryErosion(const Napi::CallbackInfo& info) { return Morphology(info, Op::Erosion, "binaryErosion"); }
Napi::Value BinaryOpening(const Napi::CallbackInfo& info) { return Morphology(info, Op::Opening, "binaryOpening"); }
Napi::Value BinaryClosing(const Napi::CallbackInfo& info) { return Morphology(info, Op::Closing, "binaryClosing"); }

// fillHoles(mask, dims, dim, fullConnectivity) -> { mask: Uint8Array, filled: number }
Napi::Value FillHoles(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string fn = "fillHoles";
  Napi::Uint8Array mask;
  Dims d;
  if (!readMask(env, fn, info[0], mask) || !readDims(env, fn, info[1], mask, d)) return env.Undefined();
  if (!info[2].IsNumber()) {
    throwType(env, fn + ": dim must be 2 or 3, got " + describe(info[2]));
    return env.Undefined();
  }
  const double dim = info[2].As<Napi::Number>().DoubleValue();
  if (dim != 2 && dim != 3) {
    throwRange(env, fn + ": dim must be 2 (each z slice alone) or 3 (the whole volume), got " + info[2].ToString().Utf8Value());
    return env.Undefined();
  }
  if (!info[3].IsBoolean()) {
    throwType(env, fn + ": fullConnectivity must be a boolean, got " + describe(info[3]));
    return env.Undefined();
  }
  const bool full = info[3].As<Napi::Boolean>().Value();
  Napi::Uint8Array out = Napi::Uint8Array::New(env, d.count());
  if (env.IsExceptionPending()) return env.Undefined();
  int64_t filled = 0;
  try {
    filled = lungdesk::fillHoles(mask.Data(), d.nx, d.ny, d.nz, static_cast<int>(dim), full, out.Data());
  } catch (const std::bad_alloc&) {
    Napi::Error::New(env, fn + ": out of memory").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("mask", out);
  result.Set("filled", Napi::Number::New(env, static_cast<double>(filled)));
  return result;
}

}  // namespace

void RegisterMorphology(Napi::Env env, Napi::Object exports) {
  exports.Set("binaryDilation", Napi::Function::New(env, BinaryDilation, "binaryDilation"));
  exports.Set("binaryErosion", Napi::Function::New(env, BinaryErosion, "binaryErosion"));
  exports.Set("binaryOpening", Napi::Function::New(env, BinaryOpening, "binaryOpening"));
  exports.Set("binaryClosing", Napi::Function::New(env, BinaryClosing, "binaryClosing"));
  exports.Set("fillHoles", Napi::Function::New(env, FillHoles, "fillHoles"));
}
