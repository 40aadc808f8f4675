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

// Frees the input's memory by detaching its ArrayBuffer, when the view spans all of it (a
// view into a larger buffer, or a buffer that cannot be detached, is left as it is).
void releaseInput(const Napi::TypedArray& input) {
  Napi::ArrayBuffer ab = input.ArrayBuffer();
  if (input.ByteOffset() != 0 || input.ByteLength() != ab.ByteLength()) return;
  // A buffer that cannot be detached (external memory, a Buffer pool) just stays: the
  // status is ignored on purpose and no JS exception is raised.
  (void)napi_detach_arraybuffer(ab.Env(), ab);
}

// Thrown from the output allocator when creating the JS array failed (its JS exception is
// already pending).
struct AllocationFailed {};

template <typename T, typename Array>
Napi::Value run(Napi::Env env, const Napi::TypedArray& input, const Dims& in, const Dims& out, int order, bool consume) {
  Array result;
  const lungdesk::OutputAllocator<T> allocate = [&](bool inputDone) -> T* {
    if (inputDone && consume) releaseInput(input);
    result = Array::New(env, out.count());
    if (env.IsExceptionPending()) throw AllocationFailed{};
    return result.Data();
  };
  try {
    lungdesk::zoom3dStaged<T>(dataOf<const T>(input), in.nx, in.ny, in.nz, out.nx, out.ny, out.nz, order, allocate);
  } catch (const AllocationFailed&) {
    return env.Undefined();
  } catch (const std::bad_alloc&) {
    Napi::Error::New(env, std::string(kFn) + ": out of memory resampling " + in.str() + " to " + out.str())
        .ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return result;
}

// zoom(input: Int16Array | Uint8Array | Float32Array, dims, outDims, order, consumeInput?) -> same type
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
  if (info.Length() > 4 && !info[4].IsUndefined() && !info[4].IsBoolean()) {
    throwType(env, std::string(kFn) + ": consumeInput must be a boolean, got " + describe(info[4]));
    return env.Undefined();
  }
  const bool consume = info.Length() > 4 && info[4].IsBoolean() && info[4].As<Napi::Boolean>().Value();
  switch (type) {
    case napi_int16_array: return run<int16_t, Napi::Int16Array>(env, input, in, out, o, consume);
    case napi_uint8_array: return run<uint8_t, Napi::Uint8Array>(env, input, in, out, o, consume);
    default: return run<float, Napi::Float32Array>(env, input, in, out, o, consume);
  }
}

}  // namespace

void RegisterResample(Napi::Env env, Napi::Object exports) {
  exports.Set("zoom", Napi::Function::New(env, Zoom, "zoom"));
}
