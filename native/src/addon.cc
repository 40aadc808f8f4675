// Node-API entry point: validates arguments from JavaScript and calls the kernels.
// Built with NAPI_DISABLE_CPP_EXCEPTIONS, so every check throws a JS exception and
// returns; C++ exceptions from the kernels (only std::bad_alloc) are caught here.
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <new>
#include <string>

#include "label3d.h"

namespace {

struct Dims {
  size_t nx = 0, ny = 0, nz = 0;
  size_t count() const { return nx * ny * nz; }
};

const char* typedArrayName(napi_typedarray_type t) {
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

std::string describe(const Napi::Value& v) {
  if (v.IsUndefined()) return "undefined";
  if (v.IsNull()) return "null";
  if (v.IsNumber()) return "the number " + v.ToString().Utf8Value();
  if (v.IsTypedArray()) return std::string("a ") + typedArrayName(v.As<Napi::TypedArray>().TypedArrayType());
  if (v.IsArray()) return "an Array";
  if (v.IsString()) return "a string";
  if (v.IsFunction()) return "a function";
  return v.IsObject() ? "an object" : "a " + v.ToString().Utf8Value();
}

void throwType(Napi::Env env, const std::string& msg) { Napi::TypeError::New(env, msg).ThrowAsJavaScriptException(); }
void throwRange(Napi::Env env, const std::string& msg) { Napi::RangeError::New(env, msg).ThrowAsJavaScriptException(); }

// The integer volume types the labelling kernels accept.
bool isIntegerVolume(napi_typedarray_type t) {
  return t == napi_int8_array || t == napi_uint8_array || t == napi_int16_array || t == napi_uint16_array ||
         t == napi_int32_array || t == napi_uint32_array;
}

bool readIntegerVolume(Napi::Env env, const char* fn, const Napi::Value& v, Napi::TypedArray& out) {
  if (!v.IsTypedArray() || !isIntegerVolume(v.As<Napi::TypedArray>().TypedArrayType())) {
    throwType(env, std::string(fn) +
                       ": input must be a Uint8Array, Int8Array, Int16Array, Uint16Array, Int32Array or "
                       "Uint32Array, got " + describe(v));
    return false;
  }
  out = v.As<Napi::TypedArray>();
  return true;
}

bool readDims(Napi::Env env, const char* fn, const Napi::Value& v, Dims& out) {
  if (!v.IsArray() || v.As<Napi::Array>().Length() != 3) {
    throwType(env, std::string(fn) + ": dims must be an array [nx, ny, nz] of 3 integers, got " + describe(v));
    return false;
  }
  Napi::Array a = v.As<Napi::Array>();
  size_t d[3];
  double product = 1;
  for (uint32_t i = 0; i < 3; ++i) {
    Napi::Value e = a.Get(i);
    const std::string name = std::string("dims[") + std::to_string(i) + "]";
    if (!e.IsNumber()) {
      throwType(env, std::string(fn) + ": " + name + " must be a number, got " + describe(e));
      return false;
    }
    const double x = e.As<Napi::Number>().DoubleValue();
    if (!std::isfinite(x) || x < 0 || std::floor(x) != x) {
      throwRange(env, std::string(fn) + ": " + name + " must be a non-negative integer, got " +
                          e.ToString().Utf8Value());
      return false;
    }
    product *= x;
    d[i] = static_cast<size_t>(x);
  }
  // Labels are int32, so the voxel count must fit in one.
  if (product > static_cast<double>(std::numeric_limits<int32_t>::max())) {
    throwRange(env, std::string(fn) + ": dims [" + std::to_string(d[0]) + ", " + std::to_string(d[1]) + ", " +
                        std::to_string(d[2]) + "] hold more than 2^31-1 voxels");
    return false;
  }
  out = {d[0], d[1], d[2]};
  return true;
}

bool checkLength(Napi::Env env, const char* fn, const Napi::TypedArray& input, const Dims& d) {
  if (input.ElementLength() != d.count()) {
    throwRange(env, std::string(fn) + ": input has " + std::to_string(input.ElementLength()) +
                        " elements but dims [" + std::to_string(d.nx) + ", " + std::to_string(d.ny) + ", " +
                        std::to_string(d.nz) + "] need " + std::to_string(d.count()));
    return false;
  }
  return true;
}

// undefined means full connectivity (3), skimage's default.
bool readConnectivity(Napi::Env env, const char* fn, const Napi::Value& v, int& out) {
  if (v.IsUndefined()) {
    out = 3;
    return true;
  }
  if (!v.IsNumber()) {
    throwType(env, std::string(fn) + ": connectivity must be 1, 2 or 3, got " + describe(v));
    return false;
  }
  const double c = v.As<Napi::Number>().DoubleValue();
  if (c != 1 && c != 2 && c != 3) {
    throwRange(env, std::string(fn) + ": connectivity must be 1, 2 or 3 (6, 18 or 26 neighbours), got " +
                        v.ToString().Utf8Value());
    return false;
  }
  out = static_cast<int>(c);
  return true;
}

template <typename T>
const T* dataOf(const Napi::TypedArray& a) {
  return reinterpret_cast<const T*>(static_cast<const uint8_t*>(a.ArrayBuffer().Data()) + a.ByteOffset());
}

// Calls f with the input's data pointer typed by its element type.
template <typename F>
auto dispatchInteger(const Napi::TypedArray& a, F&& f) {
  switch (a.TypedArrayType()) {
    case napi_int8_array: return f(dataOf<int8_t>(a));
    case napi_uint8_array: return f(dataOf<uint8_t>(a));
    case napi_int16_array: return f(dataOf<int16_t>(a));
    case napi_uint16_array: return f(dataOf<uint16_t>(a));
    case napi_int32_array: return f(dataOf<int32_t>(a));
    default: return f(dataOf<uint32_t>(a));  // readIntegerVolume admits nothing else
  }
}

// label3d(input, dims, connectivity?) -> { labels: Int32Array, count: number }
Napi::Value Label3d(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* fn = "label3d";
  Napi::TypedArray input;
  Dims d;
  int connectivity = 3;
  if (!readIntegerVolume(env, fn, info[0], input) || !readDims(env, fn, info[1], d) ||
      !checkLength(env, fn, input, d) || !readConnectivity(env, fn, info[2], connectivity))
    return env.Undefined();

  Napi::Int32Array labels = Napi::Int32Array::New(env, d.count());
  if (env.IsExceptionPending()) return env.Undefined();
  int32_t count = 0;
  try {
    count = dispatchInteger(input, [&](const auto* data) {
      return lungdesk::label3d(data, d.nx, d.ny, d.nz, connectivity, labels.Data());
    });
  } catch (const std::bad_alloc&) {
    Napi::Error::New(env, "label3d: out of memory").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("labels", labels);
  result.Set("count", Napi::Number::New(env, count));
  return result;
}

// largestComponent(input, dims, connectivity?) -> { mask: Uint8Array, voxels: number }
Napi::Value LargestComponent(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* fn = "largestComponent";
  Napi::TypedArray input;
  Dims d;
  int connectivity = 3;
  if (!readIntegerVolume(env, fn, info[0], input) || !readDims(env, fn, info[1], d) ||
      !checkLength(env, fn, input, d) || !readConnectivity(env, fn, info[2], connectivity))
    return env.Undefined();

  Napi::Uint8Array mask = Napi::Uint8Array::New(env, d.count());
  if (env.IsExceptionPending()) return env.Undefined();
  int64_t voxels = 0;
  try {
    voxels = dispatchInteger(input, [&](const auto* data) {
      return lungdesk::largestComponent(data, d.nx, d.ny, d.nz, connectivity, mask.Data());
    });
  } catch (const std::bad_alloc&) {
    Napi::Error::New(env, "largestComponent: out of memory").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("mask", mask);
  result.Set("voxels", Napi::Number::New(env, static_cast<double>(voxels)));
  return result;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("label3d", Napi::Function::New(env, Label3d, "label3d"));
  exports.Set("largestComponent", Napi::Function::New(env, LargestComponent, "largestComponent"));
  return exports;
}

}  // namespace

NODE_API_MODULE(lungdesk_native, Init)
