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

using Dims = Dims3;

template <typename T>
T* dataOf(const Napi::TypedArray& a) {
  return reinterpret_cast<T*>(static_cast<uint8_t*>(a.ArrayBuffer().Data()) + a.ByteOffset());
}

template <typename T, typename Array>
Napi::Value run(Napi::Env env, const Napi::TypedArray& input, const Dims& in, const Dims& out, int order) {
  Array result = Array::New(env, out.count());
  if (env.IsExceptionPending()) return env.Undefined();
  try {
    lungdesk::zoom3d(dataOf<const T>(input), in.nx, in.ny, in.nz, out.nx, out.ny, out.nz, order,
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
  if (!readDims3(env, kFn, "dims", info[1], in, 1) || !checkLength3(env, kFn, "input", input, in)) return env.Undefined();
  if (!readDims3(env, kFn, "outDims", info[2], out, 1)) return env.Undefined();
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
