// Node-API binding of zoom3d (resample.h). Built with NAPI_DISABLE_CPP_EXCEPTIONS: every
// check throws a JS exception and returns; std::bad_alloc from the kernel becomes a JS
// Error.
#include "bind-resample.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <new>
#include <string>

#include "binding-util.h"
#include "resample.h"

namespace {

using namespace lungdesk_binding;

constexpr const char* kFn = "zoom";

struct Dims {
  size_t d[3] = {0, 0, 0};
  size_t count() const { return d[0] * d[1] * d[2]; }
  std::string str() const {
    return "[" + std::to_string(d[0]) + ", " + std::to_string(d[1]) + ", " + std::to_string(d[2]) + "]";
  }
};

// A typed array holds at most 2^31-1 elements here (Node's limit on some platforms).
constexpr double kMaxElements = static_cast<double>(std::numeric_limits<int32_t>::max());

bool readDims(Napi::Env env, const char* name, const Napi::Value& v, Dims& out) {
  if (!v.IsArray() || v.As<Napi::Array>().Length() != 3) {
    throwType(env, std::string(kFn) + ": " + name + " must be an array [nx, ny, nz] of 3 integers, got " + describe(v));
    return false;
  }
  Napi::Array a = v.As<Napi::Array>();
  double product = 1;
  for (uint32_t i = 0; i < 3; ++i) {
    Napi::Value e = a.Get(i);
    const std::string item = std::string(name) + "[" + std::to_string(i) + "]";
    if (!e.IsNumber()) {
      throwType(env, std::string(kFn) + ": " + item + " must be a number, got " + describe(e));
      return false;
    }
    const double x = e.As<Napi::Number>().DoubleValue();
    if (!std::isfinite(x) || x < 1 || std::floor(x) != x) {
      throwRange(env, std::string(kFn) + ": " + item + " must be a positive integer, got " + e.ToString().Utf8Value());
      return false;
    }
    product *= x;
    if (product > kMaxElements) {
      throwRange(env, std::string(kFn) + ": " + name + " hold more than 2^31-1 voxels");
      return false;
    }
    out.d[i] = static_cast<size_t>(x);
  }
  return true;
}

template <typename T>
T* dataOf(const Napi::TypedArray& a) {
  return reinterpret_cast<T*>(static_cast<uint8_t*>(a.ArrayBuffer().Data()) + a.ByteOffset());
}

template <typename T, typename Array>
Napi::Value run(Napi::Env env, const Napi::TypedArray& input, const Dims& in, const Dims& out, int order) {
  Array result = Array::New(env, out.count());
  if (env.IsExceptionPending()) return env.Undefined();
  try {
    lungdesk::zoom3d(dataOf<const T>(input), in.d[0], in.d[1], in.d[2], out.d[0], out.d[1], out.d[2], order,
                     result.Data());
  } catch (const std::bad_alloc&) {
    Napi::Error::New(env, std::string(kFn) + ": out of memory resampling " + in.str() + " to " + out.str())
        .ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return result;
}

// zoom(input: Int16Array | Uint8Array | Float32Array, dims, outDims, order) -> same type
Napi::Value Zoom(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Napi::Value v = info[0];
  const napi_typedarray_type type = v.IsTypedArray() ? v.As<Napi::TypedArray>().TypedArrayType() : napi_int8_array;
  if (!v.IsTypedArray() || (type != napi_int16_array && type != napi_uint8_array && type != napi_float32_array)) {
    throwType(env, std::string(kFn) + ": input must be an Int16Array, Uint8Array or Float32Array, got " + describe(v));
    return env.Undefined();
  }
  Napi::TypedArray input = v.As<Napi::TypedArray>();
  Dims in, out;
  if (!readDims(env, "dims", info[1], in)) return env.Undefined();
  if (input.ElementLength() != in.count()) {
    throwRange(env, std::string(kFn) + ": input has " + std::to_string(input.ElementLength()) + " elements but dims " +
                        in.str() + " need " + std::to_string(in.count()));
    return env.Undefined();
  }
  if (!readDims(env, "outDims", info[2], out)) return env.Undefined();
  if (!info[3].IsNumber()) {
    throwType(env, std::string(kFn) + ": order must be 0, 1 or 3, got " + describe(info[3]));
    return env.Undefined();
  }
  const double order = info[3].As<Napi::Number>().DoubleValue();
  if (order != 0 && order != 1 && order != 3) {
    throwRange(env, std::string(kFn) + ": order must be 0 (nearest), 1 (linear) or 3 (cubic B-spline), got " +
                        info[3].ToString().Utf8Value());
    return env.Undefined();
  }
  const int o = static_cast<int>(order);
  switch (type) {
    case napi_int16_array: return run<int16_t, Napi::Int16Array>(env, input, in, out, o);
    case napi_uint8_array: return run<uint8_t, Napi::Uint8Array>(env, input, in, out, o);
    default: return run<float, Napi::Float32Array>(env, input, in, out, o);
  }
}

}  // namespace

void RegisterResample(Napi::Env env, Napi::Object exports) {
  exports.Set("zoom", Napi::Function::New(env, Zoom, "zoom"));
}
