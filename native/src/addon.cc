// Node-API entry point: validates arguments from JavaScript and calls the kernels.
// Built with NAPI_DISABLE_CPP_EXCEPTIONS, so every check throws a JS exception and
// returns; C++ exceptions from the kernels (only std::bad_alloc) are caught here.
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <new>
#include <string>

#include "binding-util.h"
#include "bind-morphology.h"
#include "bind-resample.h"
#include "bind-slice2d-mesh.h"
#include "label3d.h"
#include "lung-mask.h"
#include "read-slices.h"
#include "stored-to-hu.h"

namespace {

using namespace lungdesk_binding;
using Dims = Dims3;


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
  if (!readIntegerVolume(env, fn, info[0], input) || !readDims3(env, fn, "dims", info[1], d) ||
      !checkLength3(env, fn, "input", input, d) || !readConnectivity(env, fn, info[2], connectivity))
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
  if (!readIntegerVolume(env, fn, info[0], input) || !readDims3(env, fn, "dims", info[1], d) ||
      !checkLength3(env, fn, "input", input, d) || !readConnectivity(env, fn, info[2], connectivity))
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

bool readRuleNumber(Napi::Env env, const char* fn, const Napi::Object& rule, const char* key, double& out) {
  Napi::Value v = rule.Get(key);
  if (!v.IsNumber() || !std::isfinite(v.As<Napi::Number>().DoubleValue())) {
    throwType(env, std::string(fn) + ": rule." + key + " must be a finite number, got " + describe(v));
    return false;
  }
  out = v.As<Napi::Number>().DoubleValue();
  return true;
}

bool readHuRule(Napi::Env env, const char* fn, const Napi::Object& r, lungdesk::HuRule& rule);

// storedToHu(src: Uint16Array, out: Int16Array, outOffset, rule) -> { min, max, padded }
Napi::Value StoredToHu(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* fn = "storedToHu";
  if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint16_array) {
    throwType(env, std::string(fn) + ": src must be a Uint16Array, got " + describe(info[0]));
    return env.Undefined();
  }
  if (!info[1].IsTypedArray() || info[1].As<Napi::TypedArray>().TypedArrayType() != napi_int16_array) {
    throwType(env, std::string(fn) + ": out must be an Int16Array, got " + describe(info[1]));
    return env.Undefined();
  }
  Napi::Uint16Array src = info[0].As<Napi::Uint16Array>();
  Napi::Int16Array out = info[1].As<Napi::Int16Array>();
  if (!info[2].IsNumber()) {
    throwType(env, std::string(fn) + ": outOffset must be a number, got " + describe(info[2]));
    return env.Undefined();
  }
  const double off = info[2].As<Napi::Number>().DoubleValue();
  if (!(off >= 0) || off != std::floor(off) || off + static_cast<double>(src.ElementLength()) > static_cast<double>(out.ElementLength())) {
    throwRange(env, std::string(fn) + ": outOffset " + info[2].ToString().Utf8Value() + " + " + std::to_string(src.ElementLength()) +
                        " values does not fit in out (" + std::to_string(out.ElementLength()) + " values)");
    return env.Undefined();
  }
  if (!info[3].IsObject()) {
    throwType(env, std::string(fn) + ": rule must be an object, got " + describe(info[3]));
    return env.Undefined();
  }
  lungdesk::HuRule rule;
  if (!readHuRule(env, fn, info[3].As<Napi::Object>(), rule)) return env.Undefined();
  int32_t lo = 0, hi = 0;
  uint32_t padded = 0;
  lungdesk::storedToHu(src.Data(), out.Data() + static_cast<size_t>(off), src.ElementLength(), rule, &lo, &hi, &padded);
  Napi::Object result = Napi::Object::New(env);
  result.Set("min", Napi::Number::New(env, lo));
  result.Set("max", Napi::Number::New(env, hi));
  result.Set("padded", Napi::Number::New(env, padded));
  return result;
}

bool readHuRule(Napi::Env env, const char* fn, const Napi::Object& r, lungdesk::HuRule& rule) {
  double bitsStored, highBit, slope, intercept;
  if (!readRuleNumber(env, fn, r, "bitsStored", bitsStored) || !readRuleNumber(env, fn, r, "highBit", highBit) ||
      !readRuleNumber(env, fn, r, "slope", slope) || !readRuleNumber(env, fn, r, "intercept", intercept))
    return false;
  if (bitsStored < 1 || bitsStored > 16 || bitsStored != std::floor(bitsStored)) {
    throwRange(env, std::string(fn) + ": rule.bitsStored must be an integer 1..16");
    return false;
  }
  if (highBit < bitsStored - 1 || highBit > 15 || highBit != std::floor(highBit)) {
    throwRange(env, std::string(fn) + ": rule.highBit must be an integer bitsStored-1..15");
    return false;
  }
  if (std::fabs(intercept) > 1e9) {
    throwRange(env, std::string(fn) + ": rule.intercept is out of range");
    return false;
  }
  rule.bitsStored = static_cast<int>(bitsStored);
  rule.highBit = static_cast<int>(highBit);
  rule.isSigned = r.Get("signed").ToBoolean().Value();
  Napi::Value pad = r.Get("padding");
  if (pad.IsNumber() && std::isfinite(pad.As<Napi::Number>().DoubleValue())) {
    const double p = pad.As<Napi::Number>().DoubleValue();
    // A padding value no stored value can take is kept as "never matches".
    if (p == std::floor(p) && p >= -65536 && p <= 65535) {
      rule.hasPadding = true;
      rule.padding = static_cast<int32_t>(p);
    }
  }
  rule.slope = slope;
  rule.intercept = static_cast<int32_t>(std::trunc(intercept));
  return true;
}

// readSlicesToHu(files: string[], offsets: number[], rules: HuRule[], out: Int16Array,
//                firstSlice: number, sliceValues: number)
//   -> { min: number[], max: number[], huMin: number[], huMax: number[], padded: number[], errors: (string|null)[] }
Napi::Value ReadSlicesToHu(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* fn = "readSlicesToHu";
  if (!info[0].IsArray() || !info[1].IsArray() || !info[2].IsArray()) {
    throwType(env, std::string(fn) + ": files, offsets and rules must be arrays");
    return env.Undefined();
  }
  Napi::Array files = info[0].As<Napi::Array>(), offsets = info[1].As<Napi::Array>(), rules = info[2].As<Napi::Array>();
  const uint32_t n = files.Length();
  if (offsets.Length() != n || rules.Length() != n) {
    throwRange(env, std::string(fn) + ": files, offsets and rules must have the same length");
    return env.Undefined();
  }
  if (!info[3].IsTypedArray() || info[3].As<Napi::TypedArray>().TypedArrayType() != napi_int16_array) {
    throwType(env, std::string(fn) + ": out must be an Int16Array, got " + describe(info[3]));
    return env.Undefined();
  }
  Napi::Int16Array out = info[3].As<Napi::Int16Array>();
  if (!info[4].IsNumber() || !info[5].IsNumber()) {
    throwType(env, std::string(fn) + ": firstSlice and sliceValues must be numbers");
    return env.Undefined();
  }
  const double first = info[4].As<Napi::Number>().DoubleValue();
  const double values = info[5].As<Napi::Number>().DoubleValue();
  if (!(first >= 0) || first != std::floor(first) || !(values >= 1) || values != std::floor(values) ||
      (first + n) * values > static_cast<double>(out.ElementLength())) {
    throwRange(env, std::string(fn) + ": slices " + std::to_string(static_cast<long long>(first)) + "+" + std::to_string(n) +
                        " of " + std::to_string(static_cast<long long>(values)) + " values do not fit in out (" +
                        std::to_string(out.ElementLength()) + " values)");
    return env.Undefined();
  }
  std::vector<lungdesk::SliceRead> slices(n);
  for (uint32_t i = 0; i < n; ++i) {
    Napi::Value f = files.Get(i), o = offsets.Get(i), r = rules.Get(i);
    if (!f.IsString()) {
      throwType(env, std::string(fn) + ": files[" + std::to_string(i) + "] must be a string");
      return env.Undefined();
    }
    const double off = o.IsNumber() ? o.As<Napi::Number>().DoubleValue() : -1;
    if (!(off >= 0) || off != std::floor(off) || off > 9.0e15) {
      throwRange(env, std::string(fn) + ": offsets[" + std::to_string(i) + "] must be a non-negative integer");
      return env.Undefined();
    }
    if (!r.IsObject()) {
      throwType(env, std::string(fn) + ": rules[" + std::to_string(i) + "] must be an object");
      return env.Undefined();
    }
    slices[i].path = f.As<Napi::String>().Utf8Value();
    slices[i].offset = static_cast<uint64_t>(off);
    if (!readHuRule(env, fn, r.As<Napi::Object>(), slices[i].rule)) return env.Undefined();
  }
  try {
    lungdesk::readSlicesToHu(slices, out.Data() + static_cast<size_t>(first) * static_cast<size_t>(values), static_cast<size_t>(values));
  } catch (const std::bad_alloc&) {
    Napi::Error::New(env, std::string(fn) + ": out of memory").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Array mins = Napi::Array::New(env, n), maxs = Napi::Array::New(env, n), errors = Napi::Array::New(env, n);
  Napi::Array huMins = Napi::Array::New(env, n), huMaxs = Napi::Array::New(env, n), padded = Napi::Array::New(env, n);
  for (uint32_t i = 0; i < n; ++i) {
    mins.Set(i, Napi::Number::New(env, slices[i].min));
    maxs.Set(i, Napi::Number::New(env, slices[i].max));
    huMins.Set(i, Napi::Number::New(env, slices[i].huMin));
    huMaxs.Set(i, Napi::Number::New(env, slices[i].huMax));
    padded.Set(i, Napi::Number::New(env, slices[i].padded));
    errors.Set(i, slices[i].error.empty() ? env.Null() : Napi::String::New(env, slices[i].error));
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("min", mins);
  result.Set("max", maxs);
  result.Set("huMin", huMins);
  result.Set("huMax", huMaxs);
  result.Set("padded", padded);
  result.Set("errors", errors);
  return result;
}

// lungMasks3d(hu: Int16Array, dims, threshold, sides, wantNofill, wantFill) -> { nofill?, fill? }
Napi::Value LungMasks3d(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* fn = "lungMasks3d";
  if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_int16_array) {
    throwType(env, std::string(fn) + ": hu must be an Int16Array, got " + describe(info[0]));
    return env.Undefined();
  }
  Napi::TypedArray hu = info[0].As<Napi::TypedArray>();
  Dims d;
  if (!readDims3(env, fn, "dims", info[1], d) || !checkLength3(env, fn, "hu", hu, d)) return env.Undefined();
  if (!info[2].IsNumber() || !std::isfinite(info[2].As<Napi::Number>().DoubleValue())) {
    throwType(env, std::string(fn) + ": threshold must be a finite number, got " + describe(info[2]));
    return env.Undefined();
  }
  lungdesk::LungMaskOptions opts;
  const double t = info[2].As<Napi::Number>().DoubleValue();
  opts.threshold = static_cast<int32_t>(std::floor(t < -40000 ? -40000 : t > 40000 ? 40000 : t));
  opts.sides = info[3].ToBoolean().Value();
  const bool wantNofill = info[4].ToBoolean().Value();
  const bool wantFill = info[5].ToBoolean().Value();
  Napi::Object result = Napi::Object::New(env);
  Napi::Uint8Array nofill, fill;
  if (wantNofill) nofill = Napi::Uint8Array::New(env, d.count());
  if (wantFill) fill = Napi::Uint8Array::New(env, d.count());
  if (env.IsExceptionPending()) return env.Undefined();
  try {
    lungdesk::lungMasks3d(reinterpret_cast<const int16_t*>(static_cast<uint8_t*>(hu.ArrayBuffer().Data()) + hu.ByteOffset()), d.nx, d.ny, d.nz, opts,
                          wantNofill ? nofill.Data() : nullptr, wantFill ? fill.Data() : nullptr);
  } catch (const std::bad_alloc&) {
    Napi::Error::New(env, std::string(fn) + ": out of memory").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  if (wantNofill) result.Set("nofill", nofill);
  if (wantFill) result.Set("fill", fill);
  return result;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("lungMasks3d", Napi::Function::New(env, LungMasks3d, "lungMasks3d"));
  exports.Set("storedToHu", Napi::Function::New(env, StoredToHu, "storedToHu"));
  exports.Set("readSlicesToHu", Napi::Function::New(env, ReadSlicesToHu, "readSlicesToHu"));
  RegisterSlice2dMesh(env, exports);
  RegisterResample(env, exports);
  RegisterMorphology(env, exports);
  exports.Set("label3d", Napi::Function::New(env, Label3d, "label3d"));
  exports.Set("largestComponent", Napi::Function::New(env, LargestComponent, "largestComponent"));
  return exports;
}

}  // namespace

NODE_API_MODULE(lungdesk_native, Init)
