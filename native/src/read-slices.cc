#include "read-slices.h"

#include "parallel.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace lungdesk {

namespace {
std::string readOne(SliceRead& s, uint16_t* buf, size_t values) {
  std::FILE* f = std::fopen(s.path.c_str(), "rb");
  if (!f) return std::string("cannot open: ") + std::strerror(errno);
  std::setvbuf(f, nullptr, _IONBF, 0);  // one big read; no second copy through stdio's buffer
  std::string err;
  if (std::fseek(f, static_cast<long>(s.offset), SEEK_SET) != 0) {
    err = "cannot seek to the pixel data";
  } else {
    const size_t want = values * 2;
    const size_t got = std::fread(buf, 1, want, f);
    if (got != want) err = "file ends after " + std::to_string(got) + " of " + std::to_string(want) + " pixel bytes";
  }
  std::fclose(f);
  return err;
}
}  // namespace

void readSlicesToHu(std::vector<SliceRead>& slices, int16_t* out, size_t sliceValues) {
  const long n = static_cast<long>(slices.size());
  const int threads = maxThreads();
  std::vector<std::vector<uint16_t>> bufs(static_cast<size_t>(std::min<long>(threads, std::max<long>(n, 1))));
  parallelForDynamic(0, n, 1, threads, [&](int64_t i, int t) {
    std::vector<uint16_t>& buf = bufs[static_cast<size_t>(t)];
    if (buf.size() != sliceValues) buf.resize(sliceValues);
    {
      SliceRead& s = slices[static_cast<size_t>(i)];
      s.error = readOne(s, buf.data(), sliceValues);
      if (!s.error.empty()) return;
      int16_t* slice = out + static_cast<size_t>(i) * sliceValues;
      storedToHu(buf.data(), slice, sliceValues, s.rule, &s.min, &s.max, &s.padded);
      int32_t lo = slice[0], hi = slice[0];
      for (size_t k = 1; k < sliceValues; ++k) {
        lo = std::min<int32_t>(lo, slice[k]);
        hi = std::max<int32_t>(hi, slice[k]);
      }
      s.huMin = lo;
      s.huMax = hi;
    }
  });
}

}  // namespace lungdesk
