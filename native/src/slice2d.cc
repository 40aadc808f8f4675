// Per-slice 2D kernels: see slice2d.h.
#include "slice2d.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "label3d.h"
#include "parallel.h"

namespace lungdesk {

template <typename T>
void label2d(const T* input, size_t nx, size_t ny, size_t nz, int connectivity, int32_t* labels,
             int32_t* counts) {
  const size_t plane = nx * ny;
  const long long slices = static_cast<long long>(nz);
  // label3d on one slice is single-threaded below 2^20 pixels, so one slice per thread
  // keeps both cores busy on a CT stack.
  const int threads = plane * nz >= (1u << 18) ? maxThreads() : 1;
  parallelForDynamic(0, slices, 4, threads, [&](int64_t z, int) {
    const size_t off = static_cast<size_t>(z) * plane;
    counts[z] = label3d(input + off, nx, ny, 1, connectivity, labels + off);
  });
}

namespace {

// Clears, in one image of up to 3 dims, every same-valued full-connectivity region that
// reaches the border zone. `seen` is scratch of n bytes, zeroed.
template <typename T>
int64_t clearImage(const T* in, size_t nx, size_t ny, size_t nz, size_t b, T* out, std::vector<uint8_t>& seen,
                   std::vector<size_t>& stack) {
  const size_t n = nx * ny * nz;
  const size_t ext = b + 1;
  const bool is3d = nz > 1;
  for (size_t i = 0; i < n; ++i) out[i] = in[i];
  auto inZone = [&](size_t v, size_t len) { return v < ext || v + ext >= len; };
  int64_t cleared = 0;
  for (size_t z = 0; z < nz; ++z)
    for (size_t y = 0; y < ny; ++y)
      for (size_t x = 0; x < nx; ++x) {
        const size_t i = x + nx * (y + ny * z);
        if (in[i] == 0 || seen[i]) continue;
        if (!(inZone(x, nx) || inZone(y, ny) || (is3d && inZone(z, nz)))) continue;
        // Flood the region of value in[i] from this zone element.
        const T value = in[i];
        seen[i] = 1;
        stack.clear();
        stack.push_back(i);
        while (!stack.empty()) {
          const size_t j = stack.back();
          stack.pop_back();
          out[j] = 0;
          ++cleared;
          const size_t jx = j % nx, jy = (j / nx) % ny, jz = j / (nx * ny);
          const size_t z0 = (is3d && jz > 0) ? jz - 1 : jz, z1 = (is3d && jz + 1 < nz) ? jz + 1 : jz;
          const size_t y0 = jy > 0 ? jy - 1 : jy, y1 = jy + 1 < ny ? jy + 1 : jy;
          const size_t x0 = jx > 0 ? jx - 1 : jx, x1 = jx + 1 < nx ? jx + 1 : jx;
          for (size_t zz = z0; zz <= z1; ++zz)
            for (size_t yy = y0; yy <= y1; ++yy)
              for (size_t xx = x0; xx <= x1; ++xx) {
                const size_t k = xx + nx * (yy + ny * zz);
                if (!seen[k] && in[k] == value) {
                  seen[k] = 1;
                  stack.push_back(k);
                }
              }
        }
      }
  return cleared;
}

}  // namespace

template <typename T>
int64_t clearBorder(const T* input, size_t nx, size_t ny, size_t nz, size_t bufferSize, bool perSlice, T* out) {
  if (!perSlice || nz <= 1) {
    std::vector<uint8_t> seen(nx * ny * nz, 0);
    std::vector<size_t> stack;
    return clearImage(input, nx, ny, nz, bufferSize, out, seen, stack);
  }
  const size_t plane = nx * ny;
  const long long slices = static_cast<long long>(nz);
  const int threads = maxThreads();
  std::vector<int64_t> cleared(static_cast<size_t>(threads), 0);
  std::vector<std::vector<uint8_t>> seen(static_cast<size_t>(threads));
  std::vector<std::vector<size_t>> stacks(static_cast<size_t>(threads));
  parallelForDynamic(0, slices, 4, threads, [&](int64_t z, int t) {
    std::vector<uint8_t>& s = seen[static_cast<size_t>(t)];
    s.assign(plane, 0);
    const size_t off = static_cast<size_t>(z) * plane;
    cleared[static_cast<size_t>(t)] += clearImage(input + off, nx, ny, 1, bufferSize, out + off, s, stacks[static_cast<size_t>(t)]);
  });
  int64_t total = 0;
  for (int64_t c : cleared) total += c;
  return total;
}

template <typename T, typename U>
void roberts(const T* input, size_t nx, size_t ny, size_t nz, double scale, double minValue, bool asBool, U* out) {
  const size_t plane = nx * ny;
  const long long slices = static_cast<long long>(nz);
  const double invSqrt2 = 1.0 / std::sqrt(2.0);
  // Rows are converted to double once (+1 reflected column), then differenced.
  auto convert = [&](const T* src, double* dst) {
    for (size_t x = 0; x < nx; ++x) {
      const T v = src[x];
      double f;
      if (asBool) {
        f = v != 0 ? 1.0 : 0.0;
      } else {
        f = static_cast<double>(v) * scale;
        if (f < minValue) f = minValue;
      }
      dst[x] = f;
    }
    dst[nx] = nx > 0 ? dst[nx - 1] : 0.0;  // reflect: I[n] = I[n-1]
  };
  const int threads = plane * nz >= (1u << 18) ? maxThreads() : 1;
  std::vector<std::vector<double>> rowsA(static_cast<size_t>(threads), std::vector<double>(nx + 1));
  std::vector<std::vector<double>> rowsB(static_cast<size_t>(threads), std::vector<double>(nx + 1));
  parallelFor(0, slices, threads, [&](int64_t z, int t) {
    std::vector<double>& rowA = rowsA[static_cast<size_t>(t)];
    std::vector<double>& rowB = rowsB[static_cast<size_t>(t)];
    {
      const T* s = input + static_cast<size_t>(z) * plane;
      U* o = out + static_cast<size_t>(z) * plane;
      double* cur = rowA.data();
      double* below = rowB.data();
      if (ny > 0) convert(s, cur);
      for (size_t y = 0; y < ny; ++y) {
        if (y + 1 < ny) convert(s + nx * (y + 1), below);
        else std::copy(cur, cur + nx + 1, below);  // reflect the last row
        U* orow = o + nx * y;
        for (size_t x = 0; x < nx; ++x) {
          const double pos = below[x + 1] - cur[x];
          const double neg = below[x] - cur[x + 1];
          orow[x] = static_cast<U>(std::sqrt(pos * pos + neg * neg) * invSqrt2);
        }
        std::swap(cur, below);
      }
    }
  });
}

#define LUNGDESK_SLICE2D_INT(T)                                                                    \
  template void label2d<T>(const T*, size_t, size_t, size_t, int, int32_t*, int32_t*);             \
  template int64_t clearBorder<T>(const T*, size_t, size_t, size_t, size_t, bool, T*);
LUNGDESK_SLICE2D_INT(int8_t)
LUNGDESK_SLICE2D_INT(uint8_t)
LUNGDESK_SLICE2D_INT(int16_t)
LUNGDESK_SLICE2D_INT(uint16_t)
LUNGDESK_SLICE2D_INT(int32_t)
LUNGDESK_SLICE2D_INT(uint32_t)
#undef LUNGDESK_SLICE2D_INT

template void roberts<float, float>(const float*, size_t, size_t, size_t, double, double, bool, float*);
template void roberts<double, double>(const double*, size_t, size_t, size_t, double, double, bool, double*);
template void roberts<uint8_t, double>(const uint8_t*, size_t, size_t, size_t, double, double, bool, double*);
template void roberts<int16_t, double>(const int16_t*, size_t, size_t, size_t, double, double, bool, double*);

}  // namespace lungdesk
