#include "stored-to-hu.h"

#include <algorithm>
#include <limits>
#include <cmath>

namespace lungdesk {

namespace {
inline int32_t clamp16(int32_t v) { return v > 32767 ? 32767 : (v < -32768 ? -32768 : v); }
inline int32_t clamp16d(double v) {
  // trunc toward zero, then clamp; NaN cannot occur (finite slope, integer input).
  double t = std::trunc(v);
  return t > 32767.0 ? 32767 : (t < -32768.0 ? -32768 : static_cast<int32_t>(t));
}
}  // namespace

void storedToHu(const uint16_t* src, int16_t* out, size_t count, const HuRule& rule, int32_t* minOut, int32_t* maxOut,
                uint32_t* paddedOut) {
  const int shift = rule.highBit + 1 - rule.bitsStored;
  const int32_t mask = rule.bitsStored >= 16 ? 0xffff : (1 << rule.bitsStored) - 1;
  const int32_t half = 1 << (rule.bitsStored - 1);
  const int32_t range = 1 << rule.bitsStored;
  // A padding value outside every reachable stored value never matches.
  const int32_t padding = rule.hasPadding ? rule.padding : std::numeric_limits<int32_t>::min();
  int32_t lo = std::numeric_limits<int32_t>::max();
  int32_t hi = std::numeric_limits<int32_t>::min();
  uint32_t padded = 0;
  if (rule.slope == 1.0) {
    // The common case, written branch-free so the compiler vectorises it.
    for (size_t i = 0; i < count; ++i) {
      int32_t v = (static_cast<int32_t>(src[i]) >> shift) & mask;
      if (rule.isSigned) v -= (v >= half) ? range : 0;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      int32_t s = static_cast<int16_t>(static_cast<uint16_t>(v));
      const bool pad = s == -2000 || v == padding;
      padded += pad ? 1u : 0u;
      s = pad ? 0 : s;
      out[i] = static_cast<int16_t>(clamp16(s + rule.intercept));
    }
  } else {
    for (size_t i = 0; i < count; ++i) {
      int32_t v = (static_cast<int32_t>(src[i]) >> shift) & mask;
      if (rule.isSigned) v -= (v >= half) ? range : 0;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      int32_t s = static_cast<int16_t>(static_cast<uint16_t>(v));
      const bool pad = s == -2000 || v == padding;
      padded += pad ? 1u : 0u;
      s = pad ? 0 : s;
      s = clamp16d(rule.slope * static_cast<double>(s));
      out[i] = static_cast<int16_t>(clamp16(s + rule.intercept));
    }
  }
  *minOut = count ? lo : 0;
  *maxOut = count ? hi : 0;
  if (paddedOut) *paddedOut = padded;
}

}  // namespace lungdesk
