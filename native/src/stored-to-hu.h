// Stored DICOM pixel values to Hounsfield units, one slice at a time.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lungdesk {

/// Parameters of the stored-value → HU rule for one slice.
struct HuRule {
  int bitsStored = 16;      ///< BitsStored, 1..16
  int highBit = 15;         ///< HighBit; the value occupies bits highBit-bitsStored+1 .. highBit
  bool isSigned = false;    ///< PixelRepresentation == 1 (two's complement in bitsStored bits)
  bool hasPadding = false;  ///< PixelPaddingValue present
  int32_t padding = 0;      ///< PixelPaddingValue in the stored domain (signed per PixelRepresentation)
  double slope = 1.0;       ///< RescaleSlope
  int32_t intercept = 0;    ///< trunc(RescaleIntercept)
};

/// Converts `count` stored values to int16 HU, following the DSB2017 tutorial's
/// `get_pixels_hu` (the seed pipeline), and reports the stored min/max.
///
/// Parameters
/// ----------
/// src : const uint16_t*, count elements
///     Stored bit patterns of up to 16 bits (a 16-bit little-endian slice viewed as
///     uint16; 8-bit data widened). Never written.
/// out : int16_t*, count elements (output, caller-allocated)
/// rule : HuRule
///
/// Per value: v = (src >> (highBit+1-bitsStored)) & mask(bitsStored), sign-extended when
/// isSigned; s = int16(v) (numpy astype(int16) wrap); s == -2000 or v == padding → 0 (the
/// tutorial's outside-the-field-of-view rule, and PixelPaddingValue); if slope != 1:
/// s = clamp16(trunc(slope·s)); HU = clamp16(s + intercept).
///
/// Matches: `get_pixels_hu` of ../shared/reference/seed_pipeline.py on every value whose
/// result fits int16 (../shared/conformance/cases/get_pixels_hu).
/// Departs: results outside int16 are clamped where numpy's int16 arithmetic wraps (the
/// `optional` wrap-around case); bits above BitsStored are masked, which pydicom 2.3 does not
/// (they are zero in conforming files).
/// Returns the stored min and max (after masking and sign extension) through minOut/maxOut,
/// and through paddedOut (when not null) how many values the padding rule matched: the
/// outside-the-field pixels, all of which come out as clamp16(intercept) HU.
/// No global state; no allocation.
void storedToHu(const uint16_t* src, int16_t* out, size_t count, const HuRule& rule, int32_t* minOut, int32_t* maxOut,
                uint32_t* paddedOut = nullptr);

}  // namespace lungdesk
