// Helpers shared by the Node-API bindings: argument descriptions and typed JS errors.
// Built with NAPI_DISABLE_CPP_EXCEPTIONS: a failed check throws a JS exception and the
// binding returns at once.
#pragma once

#include <napi.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace lungdesk_binding {

inline const char* typedArrayName(napi_typedarray_type t) {
  switch (t) {
    case napi_int8_array: return "Int8Array";
    case napi_uint8_array: return "Uint8Array";
    case napi_uint8_clamped_array: return "Uint8ClampedArray";
    case napi_int16_array: return "Int16Array";
    case napi_uint16_array: return "Uint16Array";
    case napi_int32_array: return "Int32Array";
    case napi_uint32_array: return "Uint32Array";
    case napi_float32_array: return "Float32Array";
    case napi_float64_array: return "Float64Array";
    case napi_bigint64_array: return "BigInt64Array";
    case napi_biguint64_array: return "BigUint64Array";
  }
  return "typed array";
}

inline std::string describe(const Napi::Value& v) {
  if (v.IsUndefined()) return "undefined";
  if (v.IsNull()) return "null";
  if (v.IsNumber()) return "the number " + v.ToString().Utf8Value();
  if (v.IsTypedArray()) return std::string("a ") + typedArrayName(v.As<Napi::TypedArray>().TypedArrayType());
  if (v.IsArray()) return "an Array";
  if (v.IsString()) return "a string";
  if (v.IsFunction()) return "a function";
  return v.IsObject() ? "an object" : "a " + v.ToString().Utf8Value();
}

inline void throwType(Napi::Env env, const std::string& msg) { Napi::TypeError::New(env, msg).ThrowAsJavaScriptException(); }
inline void throwRange(Napi::Env env, const std::string& msg) { Napi::RangeError::New(env, msg).ThrowAsJavaScriptException(); }

/// A volume's [nx, ny, nz] as the bindings read it.
struct Dims3 {
  size_t nx = 0, ny = 0, nz = 0;
  size_t count() const { return nx * ny * nz; }
  std::string str() const { return "[" + std::to_string(nx) + ", " + std::to_string(ny) + ", " + std::to_string(nz) + "]"; }
};

/// Reads `param`, a JS array [nx, ny, nz] of integers >= minValue (0 or 1); errors name the
/// parameter and the element. The voxel count must fit in int32: labels, flood-fill indices
/// and vertex ids are 32-bit, and typed arrays hold at most 2^31-1 elements on some platforms.
inline bool readDims3(Napi::Env env, const std::string& fn, const std::string& param, const Napi::Value& v, Dims3& out,
                      int minValue = 0) {
  if (!v.IsArray() || v.As<Napi::Array>().Length() != 3) {
    throwType(env, fn + ": " + param + " must be an array [nx, ny, nz] of 3 integers, got " + describe(v));
    return false;
  }
  Napi::Array a = v.As<Napi::Array>();
  size_t d[3];
  double product = 1;
  for (uint32_t i = 0; i < 3; ++i) {
    Napi::Value e = a.Get(i);
    const std::string name = param + "[" + std::to_string(i) + "]";
    if (!e.IsNumber()) {
      throwType(env, fn + ": " + name + " must be a number, got " + describe(e));
      return false;
    }
    const double x = e.As<Napi::Number>().DoubleValue();
    if (!std::isfinite(x) || x < minValue || std::floor(x) != x) {
      throwRange(env, fn + ": " + name + (minValue > 0 ? " must be a positive integer, got " : " must be a non-negative integer, got ") +
                          e.ToString().Utf8Value());
      return false;
    }
    product *= x;
    d[i] = static_cast<size_t>(x);
  }
  out.nx = d[0];
  out.ny = d[1];
  out.nz = d[2];
  if (product > static_cast<double>(std::numeric_limits<int32_t>::max())) {
    throwRange(env, fn + ": " + param + " hold more than 2^31-1 voxels: " + out.str());
    return false;
  }
  return true;
}

/// Checks that the typed array `name` holds exactly the voxels `dims` describe.
inline bool checkLength3(Napi::Env env, const std::string& fn, const std::string& name, const Napi::TypedArray& a, const Dims3& d) {
  if (a.ElementLength() != d.count()) {
    throwRange(env, fn + ": " + name + " has " + std::to_string(a.ElementLength()) + " elements but dims " + d.str() + " need " +
                        std::to_string(d.count()));
    return false;
  }
  return true;
}

}  // namespace lungdesk_binding
