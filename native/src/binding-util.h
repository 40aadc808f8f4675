// Helpers shared by the Node-API bindings: argument descriptions and typed JS errors.
// Built with NAPI_DISABLE_CPP_EXCEPTIONS: a failed check throws a JS exception and the
// binding returns at once.
#pragma once

#include <napi.h>

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

}  // namespace lungdesk_binding
