// Bindings of slice2d.h and marching-cubes.h: every argument is checked here and a
// failed check throws a TypeError/RangeError naming the parameter (the addon is built
// with NAPI_DISABLE_CPP_EXCEPTIONS). Kernels only throw std::bad_alloc, caught here.
#include "bind-slice2d-mesh.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <new>
#include <string>

#include "binding-util.h"
#include "marching-cubes.h"
#include "slice2d.h"

namespace {

using namespace lungdesk_binding;
using Dims = Dims3;


bool isIntegerType(napi_typedarray_type t) {
  return t == napi_int8_array || t == napi_uint8_array || t == napi_int16_array || t == napi_uint16_array ||
         t == napi_int32_array || t == napi_uint32_array;
}

bool readArray(Napi::Env env, const std::string& fn, const char* name, const Napi::Value& v, bool (*accept)(napi_typedarray_type),
               const char* kinds, Napi::TypedArray& out) {
  if (!v.IsTypedArray() || !accept(v.As<Napi::TypedArray>().TypedArrayType())) {
    throwType(env, fn + ": " + name + " must be " + kinds + ", got " + describe(v));
    return false;
  }
  out = v.As<Napi::TypedArray>();
  return true;
}



// undefined -> fallback; otherwise a boolean.
bool readBool(Napi::Env env, const std::string& fn, const char* name, const Napi::Value& v, bool fallback, bool& out) {
  if (v.IsUndefined()) {
    out = fallback;
    return true;
  }
  if (!v.IsBoolean()) {
    throwType(env, fn + ": " + name + " must be a boolean, got " + describe(v));
    return false;
  }
  out = v.As<Napi::Boolean>().Value();
  return true;
}

template <typename T>
T* dataOf(const Napi::TypedArray& a) {
  return reinterpret_cast<T*>(static_cast<uint8_t*>(a.ArrayBuffer().Data()) + a.ByteOffset());
}

void outOfMemory(Napi::Env env, const std::string& fn) {
  Napi::Error::New(env, fn + ": out of memory").ThrowAsJavaScriptException();
}

// label2d(input, dims, connectivity?) -> { labels: Int32Array, counts: Int32Array }
Napi::Value Label2d(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string fn = "label2d";
  Napi::TypedArray input;
  Dims d;
  if (!readArray(env, fn, "input", info[0], isIntegerType,
                 "a Uint8Array, Int8Array, Int16Array, Uint16Array, Int32Array or Uint32Array", input) ||
      !readDims3(env, fn, "dims", info[1], d) || !checkLength3(env, fn, "input", input, d))
    return env.Undefined();
  int connectivity = 2;
  if (!info[2].IsUndefined()) {
    if (!info[2].IsNumber()) {
      throwType(env, fn + ": connectivity must be 1 or 2, got " + describe(info[2]));
      return env.Undefined();
    }
    const double c = info[2].As<Napi::Number>().DoubleValue();
    if (c != 1 && c != 2) {
      throwRange(env, fn + ": connectivity must be 1 (4 neighbours) or 2 (8 neighbours), got " + info[2].ToString().Utf8Value());
      return env.Undefined();
    }
    connectivity = static_cast<int>(c);
  }
  Napi::Int32Array labels = Napi::Int32Array::New(env, d.count());
  Napi::Int32Array counts = Napi::Int32Array::New(env, d.nz);
  if (env.IsExceptionPending()) return env.Undefined();
  try {
    switch (input.TypedArrayType()) {
#define CASE(NT, T) \
  case NT: lungdesk::label2d(dataOf<const T>(input), d.nx, d.ny, d.nz, connectivity, labels.Data(), counts.Data()); break;
      CASE(napi_int8_array, int8_t)
      CASE(napi_uint8_array, uint8_t)
      CASE(napi_int16_array, int16_t)
      CASE(napi_uint16_array, uint16_t)
      CASE(napi_int32_array, int32_t)
      default: CASE(napi_uint32_array, uint32_t)
#undef CASE
    }
  } catch (const std::bad_alloc&) {
    outOfMemory(env, fn);
    return env.Undefined();
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("labels", labels);
  result.Set("counts", counts);
  return result;
}

template <typename T, typename JsArray>
Napi::Value clearBorderTyped(Napi::Env env, const Napi::TypedArray& input, const Dims& d, size_t b, bool perSlice) {
  JsArray out = JsArray::New(env, d.count());
  if (env.IsExceptionPending()) return env.Undefined();
  lungdesk::clearBorder(dataOf<const T>(input), d.nx, d.ny, d.nz, b, perSlice, out.Data());
  return out;
}

// clearBorder(input, dims, bufferSize?, perSlice?) -> same typed array kind
Napi::Value ClearBorder(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string fn = "clearBorder";
  Napi::TypedArray input;
  Dims d;
  if (!readArray(env, fn, "input", info[0], isIntegerType,
                 "a Uint8Array, Int8Array, Int16Array, Uint16Array, Int32Array or Uint32Array", input) ||
      !readDims3(env, fn, "dims", info[1], d) || !checkLength3(env, fn, "input", input, d))
    return env.Undefined();
  double b = 0;
  if (!info[2].IsUndefined()) {
    if (!info[2].IsNumber()) {
      throwType(env, fn + ": bufferSize must be a non-negative integer, got " + describe(info[2]));
      return env.Undefined();
    }
    b = info[2].As<Napi::Number>().DoubleValue();
    if (!std::isfinite(b) || b < 0 || std::floor(b) != b) {
      throwRange(env, fn + ": bufferSize must be a non-negative integer, got " + info[2].ToString().Utf8Value());
      return env.Undefined();
    }
  }
  bool perSlice = false;
  if (!readBool(env, fn, "perSlice", info[3], false, perSlice)) return env.Undefined();
  // skimage: "buffer size may not be greater than image size", checked on every axis of
  // the image (x, y; z too for a 3D image).
  const bool is3d = !perSlice && d.nz > 1;
  const double smallest = static_cast<double>(is3d ? std::min({d.nx, d.ny, d.nz}) : std::min(d.nx, d.ny));
  if (d.count() > 0 && b >= smallest) {
    throwRange(env, fn + ": bufferSize " + info[2].ToString().Utf8Value() + " must be smaller than every image dimension (dims " +
                        d.str() + (is3d ? "" : ", 2D per slice") + ")");
    return env.Undefined();
  }
  const size_t bs = static_cast<size_t>(b);
  try {
    switch (input.TypedArrayType()) {
      case napi_int8_array: return clearBorderTyped<int8_t, Napi::Int8Array>(env, input, d, bs, perSlice);
      case napi_uint8_array: return clearBorderTyped<uint8_t, Napi::Uint8Array>(env, input, d, bs, perSlice);
      case napi_int16_array: return clearBorderTyped<int16_t, Napi::Int16Array>(env, input, d, bs, perSlice);
      case napi_uint16_array: return clearBorderTyped<uint16_t, Napi::Uint16Array>(env, input, d, bs, perSlice);
      case napi_int32_array: return clearBorderTyped<int32_t, Napi::Int32Array>(env, input, d, bs, perSlice);
      default: return clearBorderTyped<uint32_t, Napi::Uint32Array>(env, input, d, bs, perSlice);
    }
  } catch (const std::bad_alloc&) {
    outOfMemory(env, fn);
    return env.Undefined();
  }
}

bool isRobertsType(napi_typedarray_type t) {
  return t == napi_float32_array || t == napi_float64_array || t == napi_uint8_array || t == napi_int16_array;
}

// roberts(image, dims, asBool?) -> Float32Array (float32 in) | Float64Array
Napi::Value Roberts(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string fn = "roberts";
  Napi::TypedArray input;
  Dims d;
  bool asBool = false;
  if (!readArray(env, fn, "image", info[0], isRobertsType, "a Float32Array, Float64Array, Uint8Array or Int16Array", input) ||
      !readDims3(env, fn, "dims", info[1], d) || !checkLength3(env, fn, "image", input, d) ||
      !readBool(env, fn, "asBool", info[2], false, asBool))
    return env.Undefined();
  const napi_typedarray_type t = input.TypedArrayType();
  if (asBool && t != napi_uint8_array) {
    throwType(env, fn + ": asBool needs a Uint8Array mask, got " + describe(info[0]));
    return env.Undefined();
  }
  if (t == napi_float32_array) {
    Napi::Float32Array out = Napi::Float32Array::New(env, d.count());
    if (env.IsExceptionPending()) return env.Undefined();
    lungdesk::roberts(dataOf<const float>(input), d.nx, d.ny, d.nz, 1.0, -HUGE_VAL, false, out.Data());
    return out;
  }
  Napi::Float64Array out = Napi::Float64Array::New(env, d.count());
  if (env.IsExceptionPending()) return env.Undefined();
  switch (t) {
    case napi_float64_array:
      lungdesk::roberts(dataOf<const double>(input), d.nx, d.ny, d.nz, 1.0, -HUGE_VAL, false, out.Data());
      break;
    case napi_uint8_array:  // img_as_float: / 255
      lungdesk::roberts(dataOf<const uint8_t>(input), d.nx, d.ny, d.nz, 1.0 / 255.0, 0.0, asBool, out.Data());
      break;
    default:  // int16, img_as_float: / 32767, -32768 clamped to -1
      lungdesk::roberts(dataOf<const int16_t>(input), d.nx, d.ny, d.nz, 1.0 / 32767.0, -1.0, false, out.Data());
  }
  return out;
}

bool isMeshType(napi_typedarray_type t) {
  return t == napi_float32_array || t == napi_int16_array || t == napi_uint8_array;
}

// marchingCubes(volume, dims, level, spacing?) -> { vertices, faces, normals }
Napi::Value MarchingCubes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string fn = "marchingCubes";
  Napi::TypedArray input;
  Dims d;
  if (!readArray(env, fn, "volume", info[0], isMeshType, "a Float32Array, Int16Array or Uint8Array", input) ||
      !readDims3(env, fn, "dims", info[1], d) || !checkLength3(env, fn, "volume", input, d))
    return env.Undefined();
  if (!info[2].IsNumber()) {
    throwType(env, fn + ": level must be a number, got " + describe(info[2]));
    return env.Undefined();
  }
  const double level = info[2].As<Napi::Number>().DoubleValue();
  if (!std::isfinite(level)) {
    throwRange(env, fn + ": level must be finite, got " + info[2].ToString().Utf8Value());
    return env.Undefined();
  }
  double spacing[3] = {1, 1, 1};
  if (!info[3].IsUndefined()) {
    if (!info[3].IsArray() || info[3].As<Napi::Array>().Length() != 3) {
      throwType(env, fn + ": spacing must be an array [x, y, z] of 3 numbers, got " + describe(info[3]));
      return env.Undefined();
    }
    Napi::Array a = info[3].As<Napi::Array>();
    for (uint32_t i = 0; i < 3; ++i) {
      Napi::Value e = a.Get(i);
      if (!e.IsNumber()) {
        throwType(env, fn + ": spacing[" + std::to_string(i) + "] must be a number, got " + describe(e));
        return env.Undefined();
      }
      spacing[i] = e.As<Napi::Number>().DoubleValue();
      if (!std::isfinite(spacing[i]) || !(spacing[i] > 0)) {
        throwRange(env, fn + ": spacing[" + std::to_string(i) + "] must be a positive finite number, got " + e.ToString().Utf8Value());
        return env.Undefined();
      }
    }
  }
  lungdesk::TriangleMesh mesh;
  try {
    switch (input.TypedArrayType()) {
      case napi_float32_array: mesh = lungdesk::marchingCubes(dataOf<const float>(input), d.nx, d.ny, d.nz, level, spacing); break;
      case napi_int16_array: mesh = lungdesk::marchingCubes(dataOf<const int16_t>(input), d.nx, d.ny, d.nz, level, spacing); break;
      default: mesh = lungdesk::marchingCubes(dataOf<const uint8_t>(input), d.nx, d.ny, d.nz, level, spacing);
    }
  } catch (const std::bad_alloc&) {
    outOfMemory(env, fn);
    return env.Undefined();
  }
  Napi::Float32Array vertices = Napi::Float32Array::New(env, mesh.vertices.size());
  Napi::Float32Array normals = Napi::Float32Array::New(env, mesh.normals.size());
  Napi::Uint32Array faces = Napi::Uint32Array::New(env, mesh.faces.size());
  if (env.IsExceptionPending()) return env.Undefined();
  if (!mesh.vertices.empty()) std::memcpy(vertices.Data(), mesh.vertices.data(), mesh.vertices.size() * sizeof(float));
  if (!mesh.normals.empty()) std::memcpy(normals.Data(), mesh.normals.data(), mesh.normals.size() * sizeof(float));
  if (!mesh.faces.empty()) std::memcpy(faces.Data(), mesh.faces.data(), mesh.faces.size() * sizeof(uint32_t));
  Napi::Object result = Napi::Object::New(env);
  result.Set("vertices", vertices);
  result.Set("faces", faces);
  result.Set("normals", normals);
  return result;
}

}  // namespace

void RegisterSlice2dMesh(Napi::Env env, Napi::Object exports) {
  exports.Set("label2d", Napi::Function::New(env, Label2d, "label2d"));
  exports.Set("clearBorder", Napi::Function::New(env, ClearBorder, "clearBorder"));
  exports.Set("roberts", Napi::Function::New(env, Roberts, "roberts"));
  exports.Set("marchingCubes", Napi::Function::New(env, MarchingCubes, "marchingCubes"));
}
