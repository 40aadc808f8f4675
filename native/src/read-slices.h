// Reads uncompressed 16-bit DICOM slices straight from their files into an HU volume.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "stored-to-hu.h"

namespace lungdesk {

/// One slice to read: its file, where its pixel data starts, and its HU rule.
struct SliceRead {
  std::string path;
  uint64_t offset = 0;
  HuRule rule;
  int32_t min = 0;      ///< out: stored min (after masking / sign extension)
  int32_t max = 0;      ///< out: stored max
  uint32_t padded = 0;  ///< out: values the padding rule matched (outside the field of view)
  int32_t huMin = 0;    ///< out: smallest HU written (0 when the slice failed)
  int32_t huMax = 0;    ///< out: largest HU written
  std::string error;    ///< out: empty, or why the slice could not be read
};

/// Reads `sliceValues` little-endian 16-bit values of each slice at its offset and writes
/// HU (see storedToHu) into out + i*sliceValues, for i over `slices`, and the HU range of
/// each slice (a viewer's slab needs it, and the slice is still in cache here).
///
/// Slices are independent, so they run on worker threads (parallel.h) (dynamic schedule): each thread
/// reads into its own buffer and converts, which overlaps the copy out of the page cache
/// with the arithmetic and first-touches each output slice on the thread that fills it.
/// A file that cannot be opened or ends early sets that slice's `error` (its output is left
/// as zeros) and never stops the others. Assumes a little-endian host (x86, ARM).
/// No global state.
void readSlicesToHu(std::vector<SliceRead>& slices, int16_t* out, size_t sliceValues);

}  // namespace lungdesk
